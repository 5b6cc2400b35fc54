package dev.cofre.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.cofre.audit.Actor;
import dev.cofre.policy.Permission;
import dev.cofre.policy.PolicyService;

/**
 * Adds what the layout needs to every rendered page (not to JSON answers or redirects): the signed-in user and
 * which menus to show. Hiding a menu is only a courtesy; the front doors refuse what a user may not do.
 */
@Configuration(proxyBeanMethods = false)
class WebModel implements WebMvcConfigurer {

    private final PolicyService policies;

    WebModel(PolicyService policies) {
        this.policies = policies;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                                   ModelAndView mv) {
                if (mv == null || mv.getViewName() == null || mv.getViewName().startsWith("redirect:")) {
                    return;
                }
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null && auth.getPrincipal() instanceof Actor actor) {
                    mv.addObject("me", actor);
                    mv.addObject("isAdmin", actor.admin());
                    mv.addObject("canAudit", policies.grants(actor).anywhere(Permission.AUDIT));
                }
            }
        }).excludePathPatterns("/css/**", "/js/**", "/img/**");
    }
}
