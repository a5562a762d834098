import { describe, expect, it } from '@jest/globals';
import { CORE_VERSION } from './index.js';
describe('source resolution', () => { it('reads core from source', () => { expect(CORE_VERSION).toBe('0.1.0'); }); });
