package dev.pat.notification.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiverSlotsUnitTest {

    private final ReceiverSlots slots = new ReceiverSlots(4);
    private final List<String> started = new ArrayList<>();

    @Test
    void aHostRunsFourAttemptsQueuesEightAndRefusesTheRest() {
        for (int i = 0; i < 12; i++) {
            assertTrue(offer("slow.example", i), "attempt " + i);
        }
        assertEquals(List.of("slow.example#0", "slow.example#1", "slow.example#2", "slow.example#3"), started);
        assertFalse(offer("slow.example", 12), "neither a slot nor a place in the queue");
        assertTrue(offer("other.example", 0), "another host has its own share");
        assertEquals("other.example#0", started.get(4));
    }

    @Test
    void anEndingAttemptStartsTheNextInItsSlotAndSaysWhenARefusingHostHasRoomAgain() {
        for (int i = 0; i < 13; i++) {
            offer("slow.example", i);
        }
        assertFalse(slots.release("slow.example"), "its slot goes to the first one waiting");
        assertEquals("slow.example#4", started.get(4));
        for (int i = 0; i < 7; i++) {
            assertFalse(slots.release("slow.example"));
        }
        assertEquals(12, started.size(), "every queued attempt started in turn");
        assertTrue(slots.release("slow.example"), "the queue is empty and the host had refused one: look again");
        assertFalse(slots.release("slow.example"), "said once");
        slots.release("slow.example");
        slots.release("slow.example");
        assertTrue(offer("slow.example", 13));
        assertEquals("slow.example#13", started.get(12), "an idle host starts at once");
    }

    private boolean offer(String host, int attempt) {
        return slots.offer(host, () -> started.add(host + "#" + attempt));
    }
}
