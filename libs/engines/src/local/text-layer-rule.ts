// The rule moved to ocr-core, where the `auto` engine's planning (docs/auto-engine.md) uses it too.
export { hasRealText, type TextLayerRule } from '@remote-ocr/ocr-core';
