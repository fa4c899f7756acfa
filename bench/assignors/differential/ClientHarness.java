package org.apache.kafka.clients.consumer.internals;

import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.*;
import java.util.*;

/**
 * Differential harness (rebal, not Kafka code): reads assignment cases in a line format on stdin,
 * runs Kafka's client assignors on them as the consumer leader would, prints the assignments.
 * Lives in Kafka's package to set the package-private preferRackAwareLogic test hook.
 */
public class ClientHarness {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        String line;
        String assignorName = null; boolean prefer = false;
        LinkedHashMap<String, int[]> counts = new LinkedHashMap<>();
        Map<String, List<List<String>>> racks = new HashMap<>();
        List<String[]> members = new ArrayList<>();
        while ((line = in.readLine()) != null) {
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "CASE": assignorName = f[1]; prefer = f[2].equals("1"); counts.clear(); racks.clear(); members.clear(); break;
                case "TOPIC": {
                    counts.put(f[1], new int[]{Integer.parseInt(f[2])});
                    if (!f[3].equals("-")) {
                        List<List<String>> r = new ArrayList<>();
                        for (String p : f[3].split(";", -1)) r.add(p.isEmpty() ? Collections.emptyList() : Arrays.asList(p.split(",")));
                        racks.put(f[1], r);
                    }
                    break;
                }
                case "MEMBER": members.add(Arrays.copyOfRange(f, 1, f.length)); break;
                case "END": {
                    try {
                        out.println("RESULT");
                        for (Map.Entry<String, List<TopicPartition>> e : run(assignorName, prefer, counts, racks, members).entrySet()) {
                            StringBuilder sb = new StringBuilder(e.getKey()).append(' ');
                            List<TopicPartition> l = new ArrayList<>(e.getValue());
                            l.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
                            for (int i = 0; i < l.size(); i++) sb.append(i == 0 ? "" : ",").append(l.get(i).topic()).append(':').append(l.get(i).partition());
                            out.println(sb);
                        }
                    } catch (Exception ex) {
                        out.println("ERROR " + ex.getClass().getSimpleName() + " " + String.valueOf(ex.getMessage()).replace('\n', ' '));
                    }
                    out.println("DONE");
                    break;
                }
                default: break;
            }
        }
        out.flush();
    }

    static List<TopicPartition> tps(String s) {
        List<TopicPartition> l = new ArrayList<>();
        if (s.equals("-")) return l;
        for (String x : s.split(",")) { int c = x.lastIndexOf(':'); l.add(new TopicPartition(x.substring(0, c), Integer.parseInt(x.substring(c + 1)))); }
        return l;
    }

    static Map<String, List<TopicPartition>> run(String name, boolean prefer, Map<String, int[]> counts, Map<String, List<List<String>>> racks, List<String[]> members) {
        AbstractPartitionAssignor assignor;
        switch (name) {
            case "range": assignor = new RangeAssignor(); break;
            case "roundrobin": assignor = new RoundRobinAssignor(); break;
            case "sticky": assignor = new StickyAssignor(); break;
            default: assignor = new CooperativeStickyAssignor(); break;
        }
        assignor.preferRackAwareLogic = prefer;
        StickyAssignor.USER_DATA.clear();
        // ConsumerCoordinator.onLeaderElected: a HashMap filled in JoinGroup response order.
        Map<String, Subscription> subscriptions = new HashMap<>();
        Set<String> allSubscribed = new HashSet<>();
        int nodeId = 0;
        for (String[] m : members) {
            // MEMBER id instance rack generation topics owned
            List<String> topics = m[4].equals("-") ? new ArrayList<>() : new ArrayList<>(Arrays.asList(m[4].split(",")));
            allSubscribed.addAll(topics);
            Integer gen = m[3].equals("null") ? null : Integer.valueOf(m[3]);
            List<TopicPartition> owned = tps(m[5]);
            Optional<String> rack = m[2].equals("-") ? Optional.empty() : Optional.of(m[2]);
            Subscription s;
            if (name.equals("sticky")) {
                s = new Subscription(topics, null, Collections.emptyList(), gen == null ? -1 : gen, rack);
                if (gen != null || !owned.isEmpty())
                    StickyAssignor.USER_DATA.put(s, new AbstractStickyAssignor.MemberData(owned, gen == null ? Optional.empty() : Optional.of(gen)));
            } else {
                s = new Subscription(topics, null, owned, gen == null ? -1 : gen, rack);
            }
            s.setGroupInstanceId(m[1].equals("-") ? Optional.empty() : Optional.of(m[1]));
            subscriptions.put(m[0], s);
        }
        // AbstractPartitionAssignor.assign(Cluster, …): partitions of subscribed topics that exist.
        Map<String, List<PartitionInfo>> partitionsPerTopic = new HashMap<>();
        for (String topic : allSubscribed) {
            int[] n = counts.get(topic);
            if (n == null || n[0] == 0) continue;
            List<PartitionInfo> infos = new ArrayList<>();
            List<List<String>> r = racks.get(topic);
            for (int p = 0; p < n[0]; p++) {
                List<String> pr = r == null ? Collections.emptyList() : r.get(p);
                Node[] replicas = new Node[pr.size()];
                for (int i = 0; i < pr.size(); i++) replicas[i] = new Node(nodeId++, "h", 1, pr.get(i));
                infos.add(new PartitionInfo(topic, p, replicas.length > 0 ? replicas[0] : Node.noNode(), replicas, replicas));
            }
            partitionsPerTopic.put(topic, infos);
        }
        return assignor.assignPartitions(partitionsPerTopic, subscriptions);
    }
}
