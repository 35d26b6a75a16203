package io.shepherd.streams.health;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.shepherd.events.HealthLevel;

/**
 * A {@link HealthState} in a progress record's binary body: level, causes, the remembered windows (each cause with its
 * severity), the three times and the count of windows since the last emit. Levels are written by name, so a new level
 * in the schema does not change what older bytes mean.
 */
public final class HealthStateBytes {

    private HealthStateBytes() {
    }

    public static void write(HealthState state, DataOutputStream out) throws IOException {
        out.writeUTF(state.level().name());
        out.writeShort(state.causes().size());
        for (String cause : state.causes()) {
            out.writeUTF(cause);
        }
        out.writeShort(state.recent().size());
        for (HealthState.Seen seen : state.recent()) {
            out.writeShort(seen.severityByCause().size());
            for (Map.Entry<String, HealthLevel> cause : seen.severityByCause().entrySet()) {
                out.writeUTF(cause.getKey());
                out.writeUTF(cause.getValue().name());
            }
        }
        out.writeLong(state.lastWindowEnd());
        out.writeLong(state.lastChangeTime());
        out.writeLong(state.lastEmitTime());
        out.writeInt(state.windowsSinceEmit());
    }

    public static HealthState read(DataInputStream in) throws IOException {
        HealthLevel level = HealthLevel.valueOf(in.readUTF());
        int causeCount = in.readUnsignedShort();
        Set<String> causes = new LinkedHashSet<>();
        for (int i = 0; i < causeCount; i++) {
            causes.add(in.readUTF());
        }
        int recentCount = in.readUnsignedShort();
        List<HealthState.Seen> recent = new ArrayList<>(recentCount);
        for (int i = 0; i < recentCount; i++) {
            int size = in.readUnsignedShort();
            Map<String, HealthLevel> byCause = new TreeMap<>();
            for (int j = 0; j < size; j++) {
                byCause.put(in.readUTF(), HealthLevel.valueOf(in.readUTF()));
            }
            recent.add(new HealthState.Seen(byCause));
        }
        return new HealthState(level, causes, recent, in.readLong(), in.readLong(), in.readLong(), in.readInt());
    }
}
