package io.mahaksync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahaksync.client.MahakSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secure-by-default checks that need no running service. */
class OpsSecurityChecksTest {

    private static MahakSettings settings(String baseUrl, boolean allowInsecure) {
        return new MahakSettings(baseUrl, "user", "pw", 1, Optional.empty(), "md5", "V1", Duration.ofMinutes(20),
                Duration.ofSeconds(30), allowInsecure, Duration.ofSeconds(10), Duration.ofSeconds(120), Optional.empty(),
                Optional.empty(), "0");
    }

    @Test
    void plainHttpToAnotherHostIsRefusedUnlessExplicitlyAllowed() {
        assertThat(settings("http://mahakacc.mahaksoft.com/API/v3", false).insecureUrlProblem()).get().asString()
                .contains("mahak.allow-insecure-http");
        assertThat(settings("http://10.1.2.3:8080/API/v3", false).insecureUrlProblem()).isPresent();
        assertThat(settings("ftp://mahakacc.mahaksoft.com/API/v3", false).insecureUrlProblem()).isPresent();
        // a host name that merely resolves locally is not trusted as loopback
        assertThat(settings("http://localhost.example.com/API/v3", false).insecureUrlProblem()).isPresent();

        assertThat(settings("https://mahakacc.mahaksoft.com/API/v3", false).insecureUrlProblem()).isEmpty();
        assertThat(settings("http://localhost:8080/API/v3", false).insecureUrlProblem()).isEmpty();
        assertThat(settings("http://127.0.0.1:8080/API/v3", false).insecureUrlProblem()).isEmpty();
        assertThat(settings("http://[::1]:8080/API/v3", false).insecureUrlProblem()).isEmpty();
        assertThat(settings("http://mahak.internal/API/v3", true).insecureUrlProblem()).isEmpty();
    }

    @Test
    void dropFileNamesCannotLeaveTheInbox(@TempDir Path tmp) throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Files.createDirectories(inbox.resolve("drop-1"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));

        assertThat(SafePaths.resolveInside(inbox, "drop-1/people.csv")).isEqualTo(
                inbox.toAbsolutePath().resolve("drop-1/people.csv"));
        assertThat(SafePaths.resolveInside(inbox, "drop-1/./people.csv").getFileName().toString()).isEqualTo("people.csv");

        for (String evil : new String[] {"../outside/x.csv", "drop-1/../../outside/x.csv", "/etc/passwd", "..", ".",
                "", " ", "C:\\windows\\x.csv", "\\\\server\\share\\x.csv", "a\0b"}) {
            assertThatThrownBy(() -> SafePaths.resolveInside(inbox, evil)).as(evil)
                    .isInstanceOf(IllegalArgumentException.class);
        }

        // a symbolic link inside the inbox that points out of it is refused too
        Files.createSymbolicLink(inbox.resolve("sneaky"), outside);
        assertThatThrownBy(() -> SafePaths.resolveInside(inbox, "sneaky/x.csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("link");
    }

    @Test
    void whatThePushReadsIsNeverALinkEvenOneThatStaysInside(@TempDir Path tmp) throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("inbox").resolve("drop-1"));
        Path real = Files.writeString(drop.resolve("tea.png"), "png");
        Files.createSymbolicLink(drop.resolve("alias.png"), real);
        Files.createSymbolicLink(drop.resolve("passwd.csv"), Files.writeString(tmp.resolve("passwd"), "root:x:0:0"));
        Files.createDirectories(drop.resolve("folder.csv"));
        Files.createSymbolicLink(tmp.resolve("inbox").resolve("linked-drop"), tmp);

        assertThat(SafePaths.regularFileInside(drop, "tea.png")).isEqualTo(real.toAbsolutePath());
        assertThatThrownBy(() -> SafePaths.regularFileInside(drop, "alias.png")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> SafePaths.regularFileInside(drop, "passwd.csv")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> SafePaths.regularFileInside(drop, "folder.csv")).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> SafePaths.regularFileInside(drop, "none.png")).hasMessageContaining("no file none.png");
        assertThat(SafePaths.directoryInside(tmp.resolve("inbox"), "drop-1")).isEqualTo(drop.toAbsolutePath());
        assertThatThrownBy(() -> SafePaths.directoryInside(tmp.resolve("inbox"), "linked-drop"))
                .hasMessageContaining("symbolic link");
        // opened without following a link, whatever a check before said
        assertThatThrownBy(() -> SafePaths.openNoFollow(drop.resolve("alias.png"))).isInstanceOf(java.io.IOException.class);
    }
}
