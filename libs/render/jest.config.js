import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'render', rootDir: import.meta.dirname };
