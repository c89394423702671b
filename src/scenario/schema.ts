/**
 * The scenario schema: the one source of truth for scenario files. It composes the domain
 * sections (`world:` from the world model, `policies:` from the policy model) with the sections
 * this layer owns (header, `run:`, `arms:`, `expect:` in `sections.ts`). Validation, defaults,
 * types, the JSON Schema and `docs/scenario-reference.md` all come from here.
 */
import { worldSchema } from '../model/params.js';
import { policiesSchema } from '../model/policy/params.js';
import { scenarioSchemaWith } from './docs.js';
import type { SchemaParts } from './load.js';

/** The domain parts of the scenario schema. */
export const scenarioParts: SchemaParts<typeof worldSchema, typeof policiesSchema> = { world: worldSchema, policies: policiesSchema };

/** The whole scenario file as one zod schema (documentation and editor support; loading validates arm by arm). */
export const scenarioSchema = scenarioSchemaWith(scenarioParts);
