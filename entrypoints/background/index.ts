import { defineBackground } from '#imports';
import { startBackground } from '../../background/start';

export default defineBackground({ type: 'module', main: startBackground });
