/**
 * `bench:server`'s floor for a `304`: a bare node:http server that answers every request with a
 * `304` and does nothing else (no routing, no token, no cache). Pulled on the same schedule as the
 * team server, in the same run, it shows what the machine itself gives such a request: the wait for
 * a core and for the process to wake, which no server code can take away.
 *
 * Argument: the port. It prints `ready` once listening.
 */
import http from 'node:http';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error(`a port is needed, not "${process.argv[2]}"`);
http
  .createServer((_request, response) => {
    response.statusCode = 304;
    response.setHeader('ETag', '"packs-1"');
    response.end();
  })
  .listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
