export { VERSION as CORE_VERSION } from '@cbapi/core';
