import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';

const SAFE_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

const finite = { allowNaN: false, allowInfinity: false } as const;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `[[x, y], …]` with finite numbers. */
function IsPointList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPointList',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.every((p) => Array.isArray(p) && p.length === 2 && p.every(isFiniteNumber)),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a list of [x, y] pairs of finite numbers`,
      },
    },
    options,
  );
}

/** null, a string, or (for ids coming from other systems) a finite number. */
function IsStringOrNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringOrNumber',
      validator: {
        validate: (value: unknown) => typeof value === 'string' || isFiniteNumber(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a string or a number`,
      },
    },
    options,
  );
}

/** `{system?, user?}` with string members. */
function IsBlockPrompt(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBlockPrompt',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const { system, user } = value as Record<string, unknown>;
          return [system, user].every(
            (s) => s === undefined || s === null || typeof s === 'string',
          );
        },
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an object {system?: string, user?: string}`,
      },
    },
    options,
  );
}

const isPolygon = (o: BlockDto): boolean =>
  typeof o.shape_type === 'string' && o.shape_type.trim().toLowerCase() === 'polygon';

/**
 * The shape of one input block (docs/contract.md §3) as class-validator sees it. Only validation lives here:
 * the block we hand on is the input object itself (unknown fields kept), normalised by
 * `normalizeBlock`. `block_type` and `shape_type` are free strings here because unknown types
 * are accepted (as text) and the shape is matched case-insensitively.
 */
export class BlockDto {
  // class-validator runs a property's decorators bottom-up and we stop at the first failure, so
  // the basic type check sits at the bottom of each list.
  // The id becomes part of storage keys and zip entry names (`crops/image_<id>.pdf`): no slashes,
  // no leading dot. UUIDs and `XXXX-XXXX-XXX` codes fit easily.
  @Matches(SAFE_ID, {
    message:
      'id may hold only letters, digits, "-", "_" and "." (at most 128, not starting with "." or "-")',
  })
  @IsNotEmpty({ message: 'id must not be empty' })
  @IsString()
  id!: string;

  @Min(0)
  @IsInt()
  page_index!: number;

  @IsNumber(finite, { each: true, message: 'coords_px must hold 4 finite numbers' })
  @ArrayMaxSize(4)
  @ArrayMinSize(4)
  @IsArray()
  coords_px!: number[];

  @IsNumber(finite, { each: true, message: 'coords_norm must hold 4 finite numbers' })
  @ArrayMaxSize(4)
  @ArrayMinSize(4)
  @IsArray()
  coords_norm!: number[];

  @IsNotEmpty({ message: 'block_type must not be empty' })
  @IsString()
  block_type!: string;

  @IsOptional()
  @IsString()
  shape_type?: string | null;

  @ValidateIf(isPolygon)
  @IsPointList()
  @ArrayMinSize(3, { message: 'polygon_points: a polygon needs at least 3 points' })
  @IsArray({ message: 'polygon_points are required for a polygon block' })
  polygon_points?: unknown;

  @IsOptional() @IsString() source?: string | null;
  @IsOptional() @IsString() hint?: string | null;
  @IsOptional() @IsBlockPrompt() prompt?: unknown;
  @IsOptional() @IsString() category_code?: string | null;
  @IsOptional() @IsStringOrNumber() category_id?: string | number | null;
  @IsOptional() @IsString() linked_block_id?: string | null;
  @IsOptional() @IsStringOrNumber() group_id?: string | number | null;
  @IsOptional() @IsString() group_name?: string | null;
  @IsOptional() @IsString() created_at?: string | null;
  @IsOptional() @IsString() image_file?: string | null;
  @IsOptional() @IsString() ocr_text?: string | null;
  @IsOptional() @IsString() pdfplumber_text?: string | null;
}

/** One page of a Document; its blocks are validated one by one, not through this class. */
export class DocumentPageDto {
  @Min(0)
  @IsInt()
  page_number!: number;

  @Min(1)
  @IsNumber(finite)
  width!: number;

  @Min(1)
  @IsNumber(finite)
  height!: number;

  @IsArray()
  blocks!: unknown[];
}

/** Document envelope (`annotation_json`); pages and blocks are checked separately. */
export class DocumentDto {
  @IsOptional()
  @IsString()
  pdf_path?: string | null;

  @IsArray()
  pages!: unknown[];
}
