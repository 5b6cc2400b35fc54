package dev.cofre;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.stereotype.Component;

/**
 * The packaged jar starts from bean definitions generated at build time (Spring AOT, see the README), so a bean
 * condition in Cofre's own code would be evaluated once, when the jar is built, and an operator's setting at start
 * would silently not count. Settings that switch a Cofre feature are read when it starts instead (as
 * {@code cofre.ssh.enabled} is): this keeps it so.
 */
class BuildTimeBeanDefinitionsTests {

    @Test
    void noCofreBeanOrBeanMethodIsConditional() throws ClassNotFoundException {
        // Every component, matching conditions or not (the scanner's own check would skip the very ones sought).
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(MetadataReader reader) {
                return reader.getAnnotationMetadata().hasMetaAnnotation(Component.class.getName())
                        || reader.getAnnotationMetadata().hasAnnotation(Component.class.getName());
            }
        };
        List<String> conditional = new ArrayList<>();
        int beans = 0;
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.cofre")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            if (type.getName().contains("Tests") || type.getName().contains(".support.")) {
                continue; // test code on the same class path
            }
            beans++;
            if (conditional(type)) {
                conditional.add(type.getName());
            }
            Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Bean.class))
                    .filter(BuildTimeBeanDefinitionsTests::conditional)
                    .forEach(m -> conditional.add(type.getName() + "." + m.getName()));
        }

        assertThat(beans).as("Cofre's components and configurations found").isGreaterThan(30);
        assertThat(conditional).as("conditional beans (fixed when the jar is built)").isEmpty();
    }

    private static boolean conditional(AnnotatedElement element) {
        MergedAnnotations annotations = MergedAnnotations.from(element, SearchStrategy.DIRECT);
        return annotations.isPresent(Conditional.class) || annotations.isPresent(Profile.class);
    }
}
