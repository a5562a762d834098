/**
 * @cbapi/protection is not implemented yet: see its README. The package exists so that it can be
 * released independently once its issue lands.
 * @packageDocumentation
 */
export {};
