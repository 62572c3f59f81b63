package io.iptvorigin.support;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.DeploymentConfiguration;
import org.jboss.arquillian.container.test.spi.client.deployment.AutomaticDeployment;
import org.jboss.arquillian.test.spi.TestClass;

/**
 * Arquillian's deployment for a test class with an {@link OriginStack} and no {@code @Deployment}
 * method of its own: the production WAR, as the stack asks for it (registered in
 * META-INF/services).
 */
public final class StackDeployment implements AutomaticDeployment {
  @Override
  public DeploymentConfiguration generateDeploymentScenario(TestClass testClass) {
    if (testClass.getMethods(Deployment.class).length > 0) {
      return null;
    }
    return OriginStack.of(testClass.getJavaClass()).flatMap(OriginStack::deployment).orElse(null);
  }
}
