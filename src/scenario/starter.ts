/**
 * The commented starter scenario `amtsim init NAME` writes: small (100 generated products, 20
 * replications, 12 years) so it runs in seconds, and valid as written (a test checks it).
 */
import { NAME_PATTERN } from './sections.js';

/**
 * A commented, valid starter scenario in YAML.
 * @param name scenario id (lower-case letters, digits, "-"); other text is slugified.
 * @example starterScenario('my-study') // => '# amtsim scenario …\nname: my-study\n…'
 */
export function starterScenario(name: string): string {
  let id = name.toLowerCase().replace(/\.(ya?ml|json)$/, '').replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!NAME_PATTERN.test(id)) id = 'my-scenario';
  return `# amtsim scenario — see docs/scenario-reference.md for every field, its default and its source.
# Check it with:  amtsim validate ${id}.yaml      Run it with:  amtsim run ${id}.yaml
# Durations take units ("18 months", "2 years"), money takes "$40M", rates take "0.2 per year".

name: ${id}                    # names the results directory: results/${id}/
title: "${id}: grants for AMT vs the status quo"
description: >
  A small market to start from: 100 generated generic products, two arms.

# Uncomment to start from another scenario and override only what differs:
# extends: ../scenarios/baseline.yaml

run:
  seed: 1                 # every arm sees the same random draws (common random numbers)
  replications: 20        # use 100 or more for final results
  horizon: 12 years       # total simulated time, warm-up included
  warmup: 2 years         # discarded before statistics start
  seriesStep: 3 months    # width of one time-series bucket

world:
  market:
    seed: 1               # the generated market is the same in every arm and replication
    archetypes:           # classes of products generated with seeded randomness
      - name: injectables
        count: 40
        form: sterile_injectable
        essentialShare: 0.5
      - name: orals
        count: 60
        form: oral_solid
  # Everything else (regions, quality failures, FDA oversight, shocks, demand, prices,
  # market entry and exit, the regulator) uses the documented defaults.

policies: {}              # all incentive policies are off unless an arm switches them on

arms:
  status-quo: {}          # the reference arm (the first one, unless run.referenceArm says otherwise)
  grants:
    description: Capital grants covering half of AMT investment.
    policies:
      grants:
        enabled: true
        shareOfCapital: 0.5

# Optional checks evaluated after the run (metric names are listed in the reference):
# expect:
#   - metric: shortage.days
#     arm: grants
#     change: "<= -10%"   # relative to the reference arm; or an absolute "<= -50"
#     confidence: 0.95
`;
}
