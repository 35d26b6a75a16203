package io.shepherd.moa;

import java.util.Arrays;

/** Collects alarm positions in the order they are raised, once per position. */
final class Alarms {

    private int[] positions = new int[16];
    private int size;

    void raise(int position) {
        if (size > 0 && positions[size - 1] == position) {
            return;
        }
        if (size == positions.length) {
            positions = Arrays.copyOf(positions, size * 2);
        }
        positions[size++] = position;
    }

    int[] toArray() {
        return Arrays.copyOf(positions, size);
    }
}
