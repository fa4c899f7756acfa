"""Removes the user-data (de)serialisation from copies of Kafka's StickyAssignor and
CooperativeStickyAssignor (it needs Kafka's generated protocol classes). StickyAssignor then
reads MemberData from a table the harness fills; CooperativeStickyAssignor reads the
Subscription's own fields, falling back to "no generation" as it does when there is no user data."""
import re
import sys

d = sys.argv[1]
p = f'{d}/StickyAssignor.java'
s = open(p).read()
s = s[:s.index('import')] + '''import org.apache.kafka.clients.consumer.internals.AbstractStickyAssignor;
import java.util.*;
public class StickyAssignor extends AbstractStickyAssignor {
    public static final String STICKY_ASSIGNOR_NAME = "sticky";
    public static final IdentityHashMap<ConsumerPartitionAssignor.Subscription, MemberData> USER_DATA = new IdentityHashMap<>();
    @Override public String name() { return STICKY_ASSIGNOR_NAME; }
    @Override protected MemberData memberData(Subscription subscription) {
        MemberData d = USER_DATA.get(subscription);
        return d != null ? d : new MemberData(Collections.emptyList(), Optional.empty(), subscription.rackId());
    }
}
'''
open(p, 'w').write(s)

p = f'{d}/CooperativeStickyAssignor.java'
s = open(p).read()
s = re.sub(r'import org\.apache\.kafka\.common\.protocol\.types\.[A-Za-z]+;\n', '', s)
s = re.sub(r'    // these schemas are used.*?new Field\(GENERATION_KEY_NAME, Type\.INT32\)\);\n', '', s, flags=re.S)
s = re.sub(r'    public ByteBuffer subscriptionUserData\(Set<String> topics\) \{.*?\n    \}\n',
           '    public ByteBuffer subscriptionUserData(Set<String> topics) { return null; }\n', s, flags=re.S)
s = re.sub(r'        ByteBuffer buffer = subscription.userData\(\);.*?return new MemberData\(subscription.ownedPartitions\(\), encodedGeneration, subscription.rackId\(\)\);',
           '        return new MemberData(subscription.ownedPartitions(), Optional.empty(), subscription.rackId());', s, flags=re.S)
open(p, 'w').write(s)
