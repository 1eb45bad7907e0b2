/**
 * The NOTIFY channel that rings, with an empty payload, at the commit of every statement that
 * inserts, updates, deletes or truncates agents: the `agents_changed_notify` trigger of
 * migration 0001.
 */
export const agentsChangedChannel = 'eco_agents_changed';
