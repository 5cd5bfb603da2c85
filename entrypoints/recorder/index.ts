import { defineUnlistedScript } from '#imports';
import { registeredRecorder, registerRecorder } from '../../recorder/bridge';
import { recorderCommands } from '../../recorder/start';

// The walkthrough recorder (`recorder/`), injected by the background (`recording.start`, and again
// after each page load while recording) into a tab's top frame; it registers its commands in the
// extension's isolated world, once per page.
export default defineUnlistedScript(() => {
  if (!registeredRecorder()) registerRecorder(recorderCommands());
});
