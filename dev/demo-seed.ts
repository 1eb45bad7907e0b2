import { eq, sql } from 'drizzle-orm';

import type { Db } from '../db/client';
import { agents, conversationTrees, type gbtsStages } from '../db/schema';
import { createNode, createTree, type NodeRole } from '../db/tree-queries';

/** The title of the demo tree; its presence marks the demo data as seeded. */
export const demoTreeTitle = 'How can a neighbourhood halve its plastic waste?';

/** What `seedDemoData` did. */
export interface DemoSeedResult {
  isNew: boolean;
  agents: number;
  treeId: string | undefined;
}

type DemoAgent = [name: string, role: string, capabilities: string[]];

const demoAgents: readonly DemoAgent[] = [
  ['Recycling Guide', 'recycling_expert', ['sorting', 'local_rules']],
  ['Compost Coach', 'recycling_expert', ['composting', 'soil']],
  ['Plastic Tracker', 'recycling_expert', ['plastics', 'supply_chains']],
  ['Home Energy Advisor', 'energy_advisor', ['insulation', 'heat_pumps']],
  ['Solar Planner', 'energy_advisor', ['solar', 'storage']],
  ['Grid Watcher', 'energy_advisor', ['tariffs', 'demand_shift']],
  ['Water Analyst', 'water_analyst', ['water_quality', 'leaks']],
  ['Rain Harvester', 'water_analyst', ['rainwater', 'gardens']],
  ['Biodiversity Scout', 'biodiversity_specialist', ['pollinators', 'habitats']],
  ['Urban Forester', 'biodiversity_specialist', ['trees', 'shade']],
  ['Climate Explainer', 'climate_researcher', ['emissions', 'adaptation']],
  ['Transport Planner', 'mobility_advisor', ['cycling', 'public_transport']],
];

type Stage = (typeof gbtsStages)[number];

const demoPath: readonly [Stage, NodeRole, string][] = [
  ['branches_of_understanding', 'assistant', 'Most of it is packaging: food trays, bottles, film.'],
  ['leaves_of_application', 'agent', 'A refill shop and a deposit scheme cover the top three.'],
  ['roots_of_connection', 'agent', 'The council already collects film; schools can join in.'],
  ['forest_of_exploration', 'assistant', 'Compare a weekly swap market with a tool library.'],
  ['canopy_of_synthesis', 'assistant', 'Start with deposits and refills; measure bins monthly.'],
  ['harvest_of_wisdom', 'assistant', 'Small, visible habits spread faster than big campaigns.'],
];

/**
 * Seeds the demo: a dozen agents and one GBTS tree whose path runs through all seven stages.
 * Runs once per database; later calls find the demo tree and change nothing.
 */
export async function seedDemoData(db: Db): Promise<DemoSeedResult> {
  const [existing] = await db
    .select({ id: conversationTrees.id })
    .from(conversationTrees)
    .where(eq(conversationTrees.title, demoTreeTitle))
    .limit(1);
  if (existing !== undefined) {
    return { isNew: false, agents: 0, treeId: existing.id };
  }
  const inserted = await seedAgents(db);
  const treeId = await seedTree(db);
  return { isNew: true, agents: inserted, treeId };
}

/** Inserts the demo agents unless an earlier, interrupted seed already did. */
async function seedAgents(db: Db): Promise<number> {
  const [seeded] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(agents)
    .where(sql`${agents.metadata}->>'seed' = 'demo'`);
  if ((seeded?.count ?? 0) > 0) {
    return 0;
  }
  const rows = demoAgents.map(([name, role, capabilities]) => ({
    name,
    role,
    capabilities,
    metadata: { seed: 'demo' },
  }));
  await db.insert(agents).values(rows);
  return rows.length;
}

async function seedTree(db: Db): Promise<string> {
  const { tree, root } = await createTree(db, {
    title: demoTreeTitle,
    seed: {
      role: 'user',
      message: 'Our street fills two skips of plastic a month. Where to start?',
    },
  });
  let parentId = root.id;
  for (const [stage, role, message] of demoPath) {
    const { node } = await createNode(db, { treeId: tree.id, parentId, role, message, stage });
    parentId = node.id;
  }
  return tree.id;
}
