/**
 * Audit of the `expect` subjects on a consumer-protocol run (language.md, conventions §9, §12):
 * the 4th-member scenario of membership.test.ts (seed 0), every value derived there:
 * epochs 1-3 at 0 s, 4 at 61 s; c2/c3 take their partitions at 5 s. Kafka 4.0 UHAB (§4.8) gives
 * the two extra slots of 6 over 4 to the first two members in HashMap order, c4 and c2 with seed 0:
 * c1 gives orders[1] and c3 gives orders[5] up at their 65 s heartbeats and c4 takes both at 66 s;
 * c1 keeps [0], c3 keeps [2], c4 gets [1, 5].
 */
import { describe, expect, it } from 'vitest';
import { sim } from './helpers.js';

const src = `
topic orders { partitions = 6  produce = 600/s }
group g {
  group.protocol = consumer
  enable.auto.commit = false
  subscribe orders
  consumers c[1..4]
}
scenario s { group g  duration 2m
  at 0s  start c1, c2, c3
  at 61s start c4

  expect rebalances == 4                          // one group-epoch bump per join (§9)
  expect rebalance-times == [0s, 0s, 0s, 1m1s]
  expect generation at 62s == 4                   // the group epoch
  expect members at 62s == 4
  expect state at 62s == Reconciling              // the target is computed (61 s), c4 waits on c1, c3
  expect state at 66s == Stable
  expect state at 3s == Reconciling               // c2/c3 wait for their first regular heartbeat
  expect owner orders[1] at 64s == c1             // c1 still holds it (it has not heard of epoch 4)
  expect owner orders[1] at 65500ms == none       // released at 65 s, not yet taken
  expect owner orders[1] at 66s == c4
  expect owner orders[3] at 2s == none            // released by c1 at 0 s, c2 takes it at 5 s
  expect assignment c4 at 70s == [orders[1], orders[5]]
  expect assignment c1 at 70s == [orders[0]]
  expect assignment c3 at 70s == [orders[2]]
  expect assignment c2 at 3s == []
  expect moved-partitions == 6                    // 4 at formation (c1 → c2, c3) + orders[1] and orders[5]
  expect unowned orders[1] == 1s                  // 65 → 66 s; it was c1's at formation
  expect unowned orders[5] == 6s                  // 0 → 5 s (formation, c3's) + 65 → 66 s
  expect unowned orders[3] == 5s                  // 0 → 5 s
  expect max-unowned == 6s                        // orders[5]
  expect max-pause c4 == 5s                       // 61 → 66 s
  expect paused c2 == 5s
  expect paused c1 == 0s
  expect total-pause == 15s                       // c2, c3 and c4, 5 s each
  expect duplicates == 0
  expect error c4 == none
}`;

describe('audit KIP-848 expectation subjects', () => {
    it('every subject reads the consumer-protocol run as derived by hand', async () => {
        const r = await sim(src);
        const failed = r.expectations.filter((e) => !e.pass).map((e) => `${e.text} → ${e.actual}`);
        expect(failed).toEqual([]);
        expect(r.expectations).toHaveLength(26);
    });
});
