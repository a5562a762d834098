import { describe, expect, it } from '@jest/globals';
import { VERSION } from './version.js';
describe('VERSION', () => { it('is semver', () => { expect(VERSION).toMatch(/^\d+\.\d+\.\d+/); }); });
