import {
  isGrpcDeadlineError,
  ScheduleNotFoundError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';

import {
  InvalidRequestError,
  NotFoundError,
  ServiceUnavailableError,
  type HttpError,
} from '../errors';

/** Maps the Temporal client's failures to what the client of the API sees. */
export function fromTemporal(error: unknown): HttpError | undefined {
  if (error instanceof WorkflowNotFoundError) {
    return new NotFoundError('Workflow', error.workflowId);
  }
  if (error instanceof ScheduleNotFoundError) {
    return new NotFoundError('Schedule', error.scheduleId);
  }
  if (error instanceof WorkflowUpdateFailedError) {
    const message = error.cause instanceof Error ? error.cause.message : error.message;
    return new InvalidRequestError('resolution_rejected', message);
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) {
    return new ServiceUnavailableError('Temporal did not answer in time; try again');
  }
  if (error instanceof ServiceError) {
    return new ServiceUnavailableError('Temporal is not reachable');
  }
  return undefined;
}
