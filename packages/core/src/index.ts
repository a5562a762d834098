import 'reflect-metadata';
export { VERSION } from './version.js';
