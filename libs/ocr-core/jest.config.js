import preset from '../../jest.preset.js';

export default { ...preset, displayName: 'ocr-core', rootDir: import.meta.dirname };
