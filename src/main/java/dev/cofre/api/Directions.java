package dev.cofre.api;

import dev.cofre.common.InvalidInputException;

/** Parses the {@code direction} query parameter of list endpoints. */
final class Directions {

    private Directions() {
    }

    static boolean descending(String direction) {
        if ("desc".equalsIgnoreCase(direction)) {
            return true;
        }
        if ("asc".equalsIgnoreCase(direction)) {
            return false;
        }
        throw new InvalidInputException("direction", "direction must be asc or desc");
    }
}
