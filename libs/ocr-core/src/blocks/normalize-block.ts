import { validateSync, type ValidationError } from 'class-validator';
import type { Block, BlockType, ShapeType } from '../model/block.js';
import { BlockDto } from './block.dto.js';
import type { BlockIssue } from './blocks-validation.error.js';

const BLOCK_TYPES: readonly BlockType[] = ['text', 'table', 'image'];
const SHAPE_TYPES: readonly ShapeType[] = ['rectangle', 'polygon'];

/** Field of ours that keeps a `block_type` we did not recognise (the block is read as text). */
export const ORIGINAL_BLOCK_TYPE_FIELD = 'original_block_type';

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The id of a raw block when it has a usable one (for error messages). */
export function rawBlockId(raw: unknown): string | null {
  if (!isRecord(raw)) return null;
  return typeof raw.id === 'string' && raw.id.trim() !== '' ? raw.id : null;
}

/** Converts class-validator errors into issues, one per failed constraint. */
export function toIssues(
  errors: readonly ValidationError[],
  blockId: string | null,
  index: number | null,
  prefix = '',
): BlockIssue[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      blockId,
      index,
      field,
      message,
    }));
    return [...own, ...toIssues(e.children ?? [], blockId, index, `${field}.`)];
  });
}

/** Copies the raw object into a DTO instance without going through a `__proto__` setter. */
function toDto(raw: Record<string, unknown>): BlockDto {
  const dto = new BlockDto();
  for (const key of Object.keys(raw)) {
    if (key !== '__proto__') Reflect.set(dto, key, raw[key]);
  }
  return dto;
}

/**
 * Validates one raw block (docs/contract.md §3) and returns it normalised: every input field kept, known
 * `block_type`s lower-cased, unknown ones read as `text` with the original value kept in
 * `original_block_type`, `shape_type` defaulting to `rectangle`, coordinate arrays copied.
 */
export function normalizeBlock(
  raw: unknown,
  index: number,
): { block: Block; issues: [] } | { block: null; issues: BlockIssue[] } {
  const blockId = rawBlockId(raw);
  if (!isRecord(raw)) {
    return {
      block: null,
      issues: [{ blockId, index, field: '', message: 'a block must be a JSON object' }],
    };
  }
  const issues = toIssues(validateSync(toDto(raw), { stopAtFirstError: true }), blockId, index);
  const shape = normalizeShape(raw.shape_type);
  if (shape === null) {
    issues.push({
      blockId,
      index,
      field: 'shape_type',
      message: 'shape_type must be "rectangle" or "polygon"',
    });
  }
  if (issues.length > 0 || shape === null) return { block: null, issues };
  return { block: buildBlock(raw, shape), issues: [] };
}

function buildBlock(raw: Record<string, unknown>, shape: ShapeType): Block {
  const rawType = raw.block_type as string;
  const known = BLOCK_TYPES.find((t) => t === rawType.trim().toLowerCase());
  const block = {
    ...raw,
    coords_px: [...(raw.coords_px as number[])],
    coords_norm: [...(raw.coords_norm as number[])],
    block_type: known ?? 'text',
    shape_type: shape,
  } as Block;
  if (known !== rawType) block[ORIGINAL_BLOCK_TYPE_FIELD] = rawType;
  return block;
}

function normalizeShape(value: unknown): ShapeType | null {
  if (value === undefined || value === null || value === '') return 'rectangle';
  if (typeof value !== 'string') return 'rectangle'; // the DTO already reported the wrong type
  return SHAPE_TYPES.find((s) => s === value.trim().toLowerCase()) ?? null;
}
