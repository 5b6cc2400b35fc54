import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;

import dev.cofre.CofreApplication;

/**
 * Starts Cofre from its jar as {@code java -jar} does (from the build-time bean definitions), recording Spring's
 * startup steps, and writes each step's own wall time (its duration less its children's) with its total, largest
 * first: which beans a start spends its time creating. Usage: bench/startup-steps.sh (compiles and runs this).
 */
public final class StartupSteps {

    public static void main(String[] args) throws Exception {
        String out = System.getProperty("steps.out", "startup-steps.txt");
        System.setProperty("spring.aot.enabled", "true");
        SpringApplication app = new SpringApplication(CofreApplication.class);
        app.setMainApplicationClass(CofreApplication.class);
        BufferingApplicationStartup startup = new BufferingApplicationStartup(20_000);
        app.setApplicationStartup(startup);
        app.run(args).close();

        List<StartupTimeline.TimelineEvent> events = startup.getBufferedTimeline().getEvents();
        Map<Long, Long> children = new HashMap<>();
        for (StartupTimeline.TimelineEvent e : events) {
            Long parent = e.getStartupStep().getParentId();
            if (parent != null) {
                children.merge(parent, e.getDuration().toNanos(), Long::sum);
            }
        }
        List<Step> steps = new ArrayList<>();
        for (StartupTimeline.TimelineEvent e : events) {
            long total = e.getDuration().toNanos();
            long self = total - children.getOrDefault(e.getStartupStep().getId(), 0L);
            StringBuilder name = new StringBuilder(e.getStartupStep().getName());
            e.getStartupStep().getTags().forEach(t -> {
                if (!t.getKey().equals("beanType")) {
                    name.append(' ').append(t.getKey()).append('=').append(t.getValue());
                }
            });
            steps.add(new Step(self, total, name.toString()));
        }
        steps.sort(Comparator.comparingLong(Step::selfNanos).reversed());
        try (PrintWriter w = new PrintWriter(out)) {
            w.println("  self ms  total ms  step");
            steps.forEach(s -> w.printf("%9.1f %9.1f  %s%n", s.selfNanos() / 1e6, s.totalNanos() / 1e6, s.name()));
        }
    }

    /** A step's own wall time (its duration less its children's), its duration, and its name with tags. */
    private record Step(long selfNanos, long totalNanos, String name) {
    }
}
