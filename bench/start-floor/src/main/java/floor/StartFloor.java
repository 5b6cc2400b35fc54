package floor;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The framework's floor for a start: Cofre's stack with one page, one JSON answer and one table. */
@SpringBootApplication
public class StartFloor {

    public static void main(String[] args) {
        // As Cofre's jar does: start from the bean definitions generated at build time (once process-aot made them).
        if (System.getProperty("spring.aot.enabled") == null && StartFloor.class.getClassLoader()
                .getResource("floor/StartFloor__ApplicationContextInitializer.class") != null) {
            System.setProperty("spring.aot.enabled", "true");
        }
        SpringApplication.run(StartFloor.class, args);
    }

    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Controller
    static class Pages {

        private final JdbcClient jdbc;

        Pages(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @GetMapping("/")
        String home(Model model) {
            model.addAttribute("count", jdbc.sql("SELECT COUNT(*) FROM item").query(Long.class).single());
            return "home";
        }

        @GetMapping("/api/items")
        @ResponseBody
        Map<String, Long> items() {
            return Map.of("count", jdbc.sql("SELECT COUNT(*) FROM item").query(Long.class).single());
        }
    }
}
