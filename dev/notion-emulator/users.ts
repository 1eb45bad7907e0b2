import type { ApiHandler } from './context';
import { notFound } from './errors';
import { pathId } from './lookup';
import { listBody, paginate, readQueryPageRequest } from './pagination';
import { renderUser } from './serialize';

/** GET /v1/users/me: the integration's bot user. */
export const getSelf: ApiHandler = (context) => {
  const bot = context.store.users.get(context.workspace.botUserId);
  if (bot === undefined) {
    throw notFound('user', context.workspace.botUserId);
  }
  return renderUser(bot, context.workspace.name);
};

/** GET /v1/users/{user_id}. */
export const getUser: ApiHandler = (context) => {
  const id = pathId(context, 'user_id');
  const user = context.store.users.get(id);
  if (user?.workspaceId !== context.workspace.id) {
    throw notFound('user', id);
  }
  return renderUser(user, context.workspace.name);
};

/** GET /v1/users: every user of the workspace. */
export const listUsers: ApiHandler = (context) => {
  const users = [...context.store.users.values()].filter(
    (user) => user.workspaceId === context.workspace.id,
  );
  const scope = 'users';
  const page = paginate(users, readQueryPageRequest(context.query, scope), scope);
  const results = page.results.map((user) => renderUser(user, context.workspace.name));
  return listBody({ ...page, results }, 'user');
};
