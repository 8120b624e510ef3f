import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'engines', rootDir: import.meta.dirname };
