package io.iptvorigin.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.arquillian.container.test.api.DeploymentConfiguration;
import org.jboss.arquillian.container.test.api.DeploymentConfiguration.DeploymentContentBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real stack an integration test class runs against, brought up once per class: the production
 * WAR in the managed WildFly (through Arquillian, against the build's Redis), and on request the
 * real nginx in front of it ({@link NginxProcess}) and a live upstream on {@link
 * LiveUpstream#ADDRESS}. Registered as a static field beside Arquillian's extension:
 *
 * <pre>{@code
 * @ExtendWith(ArquillianExtension.class)
 * class SomethingIT {
 *   @RegisterExtension
 *   static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();
 * }
 * }</pre>
 *
 * The class needs no {@code @Deployment} method: {@link StackDeployment} hands Arquillian the WAR
 * for every class with a stack. nginx and the upstream start before the class's first test and stop
 * after its last. Channels a test creates with {@link AdminApi#create(TestChannels.Channel)} are
 * stopped and deleted after that test; an nginx a test starts with {@link #nginx(String, Map)} is
 * stopped after it.
 */
public final class OriginStack implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
  private final String deploymentName;
  private final boolean managed;
  private final AdminApi admin = new AdminApi(Http.of(ItEnvironment.appUrl()).withAdminToken());
  private final List<NginxProcess> testNginx = new ArrayList<>();
  private Map<String, String> nginxSettings;
  private boolean upstreamWanted;
  private NginxProcess nginx;
  private LiveUpstream upstream;

  private OriginStack(String deploymentName, boolean managed) {
    this.deploymentName = deploymentName;
    this.managed = managed;
  }

  /** The WAR deployed before the class's first test and undeployed after its last. */
  public static OriginStack deployed() {
    return new OriginStack("iptv-origin", true);
  }

  /**
   * The WAR known to Arquillian under {@code name} but not deployed: the test deploys and undeploys
   * it itself (Arquillian's {@code Deployer}), to see what the application does at start and stop.
   */
  public static OriginStack deployedByTheTest(String name) {
    return new OriginStack(name, false);
  }

  /** No WildFly deployment, for a test that puts its own stand-in for the app behind nginx. */
  public static OriginStack withoutDeployment() {
    return new OriginStack(null, false);
  }

  /** The nginx in front of the test WildFly, on {@code it.nginx.port}. */
  public OriginStack withNginx() {
    return withNginx(Map.of());
  }

  /** As {@link #withNginx()}, with some of scripts/nginx-local's settings changed. */
  public OriginStack withNginx(Map<String, String> settings) {
    nginxSettings = new HashMap<>(NginxProcess.defaultSettings());
    nginxSettings.putAll(settings);
    return this;
  }

  /** A {@link LiveUpstream} on a free port of {@link LiveUpstream#ADDRESS}. */
  public OriginStack withUpstream() {
    upstreamWanted = true;
    return this;
  }

  /** The admin API of the WildFly, straight (not through nginx), with the admin token. */
  public AdminApi admin() {
    return admin;
  }

  /** The WildFly, straight and without credentials. */
  public Http app() {
    return Http.of(ItEnvironment.appUrl());
  }

  /** The class's nginx, as players and the panel reach it. */
  public Edge edge() {
    if (nginx == null) {
      throw new IllegalStateException("no nginx in this stack: add withNginx()");
    }
    return new Edge(nginx.baseUrl());
  }

  public LiveUpstream upstream() {
    if (upstream == null) {
      throw new IllegalStateException("no live upstream in this stack: add withUpstream()");
    }
    return upstream;
  }

  /**
   * Another nginx from the same templates ({@link NginxProcess#start(String, Map)}) for one test.
   */
  public NginxProcess nginx(String name, Map<String, String> settings) {
    NginxProcess started = NginxProcess.start(name, settings);
    testNginx.add(started);
    return started;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (nginxSettings != null) {
      nginx = NginxProcess.start("nginx", nginxSettings);
    }
    if (upstreamWanted) {
      upstream = LiveUpstream.start(0);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      admin.removeCreatedChannels();
    } finally {
      testNginx.forEach(NginxProcess::close);
      testNginx.clear();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (nginx != null) {
        nginx.close();
      }
    } finally {
      if (upstream != null) {
        upstream.close();
      }
    }
  }

  /** What Arquillian deploys for this stack; empty without a deployment. */
  Optional<DeploymentConfiguration> deployment() {
    if (deploymentName == null) {
      return Optional.empty();
    }
    return Optional.of(
        new DeploymentContentBuilder(Deployments.productionWar())
            .withDeployment()
            .withName(deploymentName)
            .withManaged(managed)
            .withTestable(false)
            .build()
            .get());
  }

  /** The stack a test class holds in a static field, if any. */
  static Optional<OriginStack> of(Class<?> testClass) {
    for (Class<?> type = testClass; type != null; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == OriginStack.class) {
          try {
            field.setAccessible(true);
            return Optional.ofNullable((OriginStack) field.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return Optional.empty();
  }
}
