// The app version written into every weights file (informational: readers go by `version`).
// A named import lets Vite bundle just this one field of package.json.
import { version } from '../../../package.json';

export const APP_VERSION: string = version;
