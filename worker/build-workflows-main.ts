// Entry script of `npm run build:workflows [-- <path>]`: writes the prebuilt workflow bundle that
// production workers load through TEMPORAL_WORKFLOW_BUNDLE (default dist/workflow-bundle.js).
import { writeWorkflowBundle } from './workflow-bundle';

const written = await writeWorkflowBundle(process.argv[2]);
console.log(
  `Wrote the workflow bundle to ${written}; start workers with TEMPORAL_WORKFLOW_BUNDLE=${written}`,
);
