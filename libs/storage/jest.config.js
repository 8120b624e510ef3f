import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'storage', rootDir: import.meta.dirname };
