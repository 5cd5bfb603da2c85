import { defineUnlistedScript } from '#imports';
import { registerPicker } from '../../picker/bridge';
import { pickerCommands } from '../../picker/start';

// The element picker (`picker/`), injected by the background (`picker.start`) into a tab's top
// frame only when an author picks; it registers its commands in the extension's isolated world.
export default defineUnlistedScript(() => {
  registerPicker(pickerCommands());
});
