package dev.cofre.session;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.cofre.audit.Actor;

/**
 * {@code /api/v1/ssh/host-keys}: the target host keys the gateway pinned on first use, for administrators; forgetting
 * one lets the next session pin the host's new key (after an administrator checked that the change is expected).
 */
@RestController
@RequestMapping("/api/v1/ssh/host-keys")
class HostKeyController {

    private final HostKeyPins pins;

    HostKeyController(HostKeyPins pins) {
        this.pins = pins;
    }

    record HostKeyList(List<HostKeyPins.PinnedKey> items, int page, int size) {
    }

    @GetMapping
    HostKeyList list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int page,
                     @RequestParam(defaultValue = "50") int size) {
        return new HostKeyList(pins.list(actor, page, size), page, size);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> unpin(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        pins.unpin(actor, id);
        return ResponseEntity.noContent().build();
    }
}
