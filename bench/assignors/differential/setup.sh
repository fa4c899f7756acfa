#!/bin/sh
# Builds Kafka's assignors, from a local apache/kafka git checkout, into $OUT (default
# /tmp/rebal-kafka-diff) together with the two harnesses here. Nothing of Kafka is copied into
# this repository: files are taken from the checkout at run time, into a temporary folder.
#
#   sh bench/assignors/differential/setup.sh /path/to/kafka/.git [commit]
#
# Needs a JDK (17) and slf4j-api on the class path (SLF4J_JAR, default: the newest in ~/.m2).
# It records which homogeneous `uniform` rule the built UniformHomogeneousAssignmentBuilder has
# ($OUT/uniform-extra-slots, read by differential.ts): `kafka-18688` when KAFKA-18688 (Kafka 4.1+,
# apache/kafka#19677) is in the commit's history, else `first-members` (Kafka 4.0, the snapshot
# kafka-semantics.md cites). UNIFORM_EXTRA_SLOTS=<rule> overrides it (needed for a shallow clone).
# The sticky assignors' user-data serialisation is cut out (it needs Kafka's generated protocol
# classes); the harness passes MemberData directly instead, which is what that code decodes.
set -eu
GIT_DIR=${1:?path to an apache/kafka .git}
COMMIT=${2:-HEAD}
OUT=${OUT:-/tmp/rebal-kafka-diff}
HERE=$(cd "$(dirname "$0")" && pwd)
SLF4J_JAR=${SLF4J_JAR:-$(find "$HOME/.m2/repository/org/slf4j/slf4j-api" -name 'slf4j-api-*.jar' 2>/dev/null | sort | tail -1)}
[ -n "$SLF4J_JAR" ] || { echo "set SLF4J_JAR to an slf4j-api jar" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT/client/src" "$OUT/server/src"

take() { # take <dest src root> <path in repo>…
    dest=$1; shift
    for f in "$@"; do
        rel=${f#*/src/main/java/}
        mkdir -p "$dest/$(dirname "$rel")"
        git --git-dir="$GIT_DIR" show "$COMMIT:$f" > "$dest/$rel"
    done
}
C=clients/src/main/java/org/apache/kafka
take "$OUT/client/src" $C/clients/consumer/RangeAssignor.java $C/clients/consumer/RoundRobinAssignor.java \
    $C/clients/consumer/StickyAssignor.java $C/clients/consumer/CooperativeStickyAssignor.java \
    $C/clients/consumer/ConsumerPartitionAssignor.java $C/clients/consumer/ConsumerGroupMetadata.java \
    $C/clients/consumer/internals/AbstractStickyAssignor.java $C/clients/consumer/internals/AbstractPartitionAssignor.java \
    $C/clients/consumer/internals/Utils.java $C/common/TopicPartition.java $C/common/PartitionInfo.java $C/common/Node.java \
    $C/common/Cluster.java $C/common/Uuid.java $C/common/KafkaException.java $C/common/ClusterResource.java \
    $C/common/TopicIdPartition.java $C/common/utils/CollectionUtils.java $C/common/utils/CircularIterator.java
mkdir -p "$OUT/client/src/org/apache/kafka/common/utils" "$OUT/client/src/org/apache/kafka/common/requests"
cat > "$OUT/client/src/org/apache/kafka/common/utils/Utils.java" <<'JAVA'
package org.apache.kafka.common.utils;
import java.util.*;
public final class Utils {
    public static <T extends Comparable<? super T>> List<T> sorted(Collection<T> c) { List<T> l = new ArrayList<>(c); Collections.sort(l); return Collections.unmodifiableList(l); }
    public static <T> Class<? extends T> loadClass(String k, Class<T> b) throws ClassNotFoundException { throw new ClassNotFoundException(k); }
    public static <T> T newInstance(Class<T> c) { throw new UnsupportedOperationException(); }
}
JAVA
cat > "$OUT/client/src/org/apache/kafka/common/Configurable.java" <<'JAVA'
package org.apache.kafka.common;
public interface Configurable { void configure(java.util.Map<String, ?> configs); }
JAVA
cat > "$OUT/client/src/org/apache/kafka/common/requests/JoinGroupRequest.java" <<'JAVA'
package org.apache.kafka.common.requests;
public class JoinGroupRequest { public static final int UNKNOWN_GENERATION_ID = -1; public static final String UNKNOWN_MEMBER_ID = ""; }
JAVA
python3 "$HERE/cut-user-data.py" "$OUT/client/src/org/apache/kafka/clients/consumer"
mkdir -p "$OUT/client/src/org/apache/kafka/clients/consumer/internals"
cp "$HERE/ClientHarness.java" "$OUT/client/src/org/apache/kafka/clients/consumer/internals/"

G=group-coordinator/src/main/java/org/apache/kafka/coordinator/group
take "$OUT/server/src" $G/assignor/UniformAssignor.java $G/assignor/UniformHeterogeneousAssignmentBuilder.java \
    $G/assignor/UniformHomogeneousAssignmentBuilder.java $G/assignor/RangeAssignor.java $G/assignor/RangeSet.java \
    $G/assignor/AssignorHelpers.java $G/modern/MemberAssignmentImpl.java \
    server-common/src/main/java/org/apache/kafka/server/common/TopicIdPartition.java \
    $C/common/Uuid.java $C/common/annotation/InterfaceStability.java $C/common/errors/ApiException.java $C/common/KafkaException.java
take "$OUT/server/src" $(git --git-dir="$GIT_DIR" ls-tree -r --name-only "$COMMIT" group-coordinator/group-coordinator-api/src/main/java/org/apache/kafka/coordinator/group/api/assignor/)
mkdir -p "$OUT/server/src/diff" && cp "$HERE/ServerHarness.java" "$OUT/server/src/diff/"

for side in client server; do
    mkdir -p "$OUT/$side/classes"
    javac -nowarn -d "$OUT/$side/classes" -cp "$SLF4J_JAR" -sourcepath "$OUT/$side/src" $(find "$OUT/$side/src" -name '*.java')
done
echo "$SLF4J_JAR" > "$OUT/slf4j-jar"

# Which homogeneous uniform rule the built assignor has: our `uniformExtraSlots` option to compare with.
if [ -z "${UNIFORM_EXTRA_SLOTS:-}" ]; then
    if [ "$(git --git-dir="$GIT_DIR" rev-parse --is-shallow-repository)" = true ]; then
        echo "shallow clone: cannot tell whether $COMMIT has KAFKA-18688; set UNIFORM_EXTRA_SLOTS=first-members (Kafka 4.0) or kafka-18688 (4.1+)" >&2
        exit 1
    fi
    if [ -n "$(git --git-dir="$GIT_DIR" log -1 --format=%H --grep=KAFKA-18688 "$COMMIT" -- "$G/assignor/UniformHomogeneousAssignmentBuilder.java")" ]; then
        UNIFORM_EXTRA_SLOTS=kafka-18688
    else
        UNIFORM_EXTRA_SLOTS=first-members
    fi
fi
case "$UNIFORM_EXTRA_SLOTS" in first-members|kafka-18688) ;; *) echo "UNIFORM_EXTRA_SLOTS must be first-members or kafka-18688" >&2; exit 1 ;; esac
echo "$UNIFORM_EXTRA_SLOTS" > "$OUT/uniform-extra-slots"
git --git-dir="$GIT_DIR" rev-parse "$COMMIT" > "$OUT/kafka-commit"
echo "built $(cat "$OUT/kafka-commit") into $OUT (homogeneous uniform: $UNIFORM_EXTRA_SLOTS)"
