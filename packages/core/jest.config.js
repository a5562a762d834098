import { createJestConfig } from '@cbapi/jest-preset';

export default createJestConfig();
