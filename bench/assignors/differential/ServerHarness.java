package diff;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.coordinator.group.api.assignor.*;
import org.apache.kafka.coordinator.group.assignor.RangeAssignor;
import org.apache.kafka.coordinator.group.assignor.UniformAssignor;

import java.io.*;
import java.util.*;
import java.util.stream.Collectors;

/**
 * Differential harness (rebal, not Kafka code): reads assignment cases in a line format on stdin,
 * runs the group coordinator's assignors on them as the coordinator feeds them, prints the assignments.
 */
public class ServerHarness {
    static final class Member implements MemberSubscription, MemberAssignment {
        final Optional<String> instanceId; final Set<Uuid> topicIds; final Map<Uuid, Set<Integer>> partitions;
        Member(Optional<String> instanceId, Set<Uuid> topicIds, Map<Uuid, Set<Integer>> partitions) { this.instanceId = instanceId; this.topicIds = topicIds; this.partitions = partitions; }
        public Optional<String> rackId() { return Optional.empty(); }
        public Optional<String> instanceId() { return instanceId; }
        public Set<Uuid> subscribedTopicIds() { return topicIds; }
        public Map<Uuid, Set<Integer>> partitions() { return partitions; }
    }
    /** TopicIds: a Set<Uuid> view over a HashSet of names, yielding the ids that resolve. */
    static final class TopicIdsView extends AbstractSet<Uuid> {
        final Set<String> names; final Map<String, Uuid> ids; final Map<Uuid, String> byId;
        TopicIdsView(Set<String> names, Map<String, Uuid> ids, Map<Uuid, String> byId) { this.names = names; this.ids = ids; this.byId = byId; }
        public int size() { return names.size(); }
        public boolean contains(Object o) { String n = byId.get(o); return n != null && names.contains(n); }
        public Iterator<Uuid> iterator() {
            List<Uuid> l = new ArrayList<>();
            for (String n : names) { Uuid id = ids.get(n); if (id != null) l.add(id); }
            return l.iterator();
        }
    }
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        String line; String name = null;
        LinkedHashMap<String, Integer> counts = new LinkedHashMap<>(); Map<String, Uuid> ids = new HashMap<>(); List<String[]> members = new ArrayList<>();
        while ((line = in.readLine()) != null) {
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "CASE": name = f[1]; counts.clear(); ids.clear(); members.clear(); break;
                case "TOPIC": counts.put(f[1], Integer.parseInt(f[2])); ids.put(f[1], Uuid.fromString(f[4])); break;
                case "MEMBER": members.add(Arrays.copyOfRange(f, 1, f.length)); break;
                case "END":
                    try {
                        Map<Uuid, String> byId = new HashMap<>(); ids.forEach((k, v) -> byId.put(v, k));
                        Map<String, Member> specs = new HashMap<>();
                        Map<Uuid, Map<Integer, String>> inverted = new HashMap<>();
                        Map<String, Integer> nameCounts = new HashMap<>();
                        for (String[] m : members) {
                            List<String> topics = m[4].equals("-") ? new ArrayList<>() : Arrays.asList(m[4].split(","));
                            topics.forEach(t -> nameCounts.merge(t, 1, Integer::sum));
                            // Assignment.fromRecord: topics collected into a HashMap, each partition list into a HashSet.
                            LinkedHashMap<String, List<Integer>> owned = new LinkedHashMap<>();
                            if (!m[5].equals("-")) for (String x : m[5].split(",")) { int c = x.lastIndexOf(':'); owned.computeIfAbsent(x.substring(0, c), k -> new ArrayList<>()).add(Integer.parseInt(x.substring(c + 1))); }
                            Map<Uuid, Set<Integer>> partitions = owned.entrySet().stream().filter(e -> ids.containsKey(e.getKey()))
                                .collect(Collectors.toMap(e -> ids.get(e.getKey()), e -> new HashSet<>(e.getValue())));
                            for (Map.Entry<Uuid, Set<Integer>> e : partitions.entrySet()) for (int p : e.getValue()) inverted.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(p, m[0]);
                            specs.put(m[0], new Member(m[1].equals("-") ? Optional.empty() : Optional.of(m[1]),
                                new TopicIdsView(new HashSet<>(topics), ids, byId), Collections.unmodifiableMap(partitions)));
                        }
                        boolean homogeneous = nameCounts.values().stream().allMatch(n -> n == members.size());
                        Map<String, Member> unmodifiable = Collections.unmodifiableMap(specs);
                        GroupSpec spec = new GroupSpec() {
                            public Collection<String> memberIds() { return unmodifiable.keySet(); }
                            public SubscriptionType subscriptionType() { return homogeneous ? SubscriptionType.HOMOGENEOUS : SubscriptionType.HETEROGENEOUS; }
                            public boolean isPartitionAssigned(Uuid t, int p) { Map<Integer, String> m = inverted.get(t); return m != null && m.containsKey(p); }
                            public MemberSubscription memberSubscription(String id) { return unmodifiable.get(id); }
                            public MemberAssignment memberAssignment(String id) { return unmodifiable.get(id); }
                        };
                        SubscribedTopicDescriber describer = new SubscribedTopicDescriber() {
                            public int numPartitions(Uuid t) { String n = byId.get(t); return n == null ? -1 : counts.get(n); }
                            public Set<String> racksForPartition(Uuid t, int p) { return Collections.emptySet(); }
                        };
                        ConsumerGroupPartitionAssignor assignor = name.equals("uniform") ? new UniformAssignor() : new RangeAssignor();
                        GroupAssignment result = assignor.assign(spec, describer);
                        out.println("RESULT");
                        for (String[] m : members) {
                            MemberAssignment a = result.members().get(m[0]);
                            List<String> l = new ArrayList<>();
                            if (a != null) a.partitions().forEach((t, ps) -> ps.forEach(p -> l.add(byId.get(t) + ":" + p)));
                            l.sort(Comparator.comparing((String s) -> s.substring(0, s.lastIndexOf(':'))).thenComparingInt(s -> Integer.parseInt(s.substring(s.lastIndexOf(':') + 1))));
                            out.println(m[0] + " " + String.join(",", l));
                        }
                    } catch (Exception ex) {
                        out.println("RESULT"); out.println("ERROR " + ex.getClass().getSimpleName() + " " + ex.getMessage());
                    }
                    out.println("DONE");
                    break;
                default: break;
            }
        }
        out.flush();
    }
}
