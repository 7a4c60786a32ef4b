/** The connection contract lives in packages/shared (schemas/calendar.ts), beside the OpenAPI document. */
export {
  type ConnectionCreate,
  type ConnectionResponse,
  type ConnectionUpdate,
  connectionCreateSchema,
  connectionUpdateSchema,
} from '@booksprintz/shared';
