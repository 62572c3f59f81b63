package io.iptvorigin.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build produced, exactly as it ships, for Arquillian to deploy. */
public final class Deployments {
  private Deployments() {}

  public static WebArchive productionWar() {
    File war = new File(ItEnvironment.property("it.war"));
    return ShrinkWrap.create(ZipImporter.class, "iptv-origin.war")
        .importFrom(war)
        .as(WebArchive.class);
  }
}
