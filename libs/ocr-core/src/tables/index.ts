export * from './table.types.js';
export * from './ruling-lines.js';
export * from './table-grid.js';
export * from './table-render.js';
