package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A PluginsService whose plugins are plain classes already on the classpath.
 *
 * <p>A real ES install loads modules/plugins from directories (modules/transport-netty4/...) in their
 * own class loaders. Here the jars come from Maven Central and sit on the normal classpath, so we
 * instantiate the plugin classes directly. The class lives in package org.elasticsearch.plugins
 * because {@code PluginsService.LoadedPlugin} and {@code PluginsService.loadPlugin} are
 * package-private.
 */
public class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> plugins;
    private final PluginsAndModules info;

    /** @param modules module name (as reported by _nodes/plugins) to plugin class, in load order */
    public ClasspathPluginsService(Settings settings, Path configPath, Map<String, Class<? extends Plugin>> modules) {
        // An empty loader: no plugin/module directories are scanned.
        super(settings, configPath, PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false));
        ClassLoader loader = ClasspathPluginsService.class.getClassLoader();
        String version = Build.current().version();
        this.plugins = modules.entrySet().stream().map(e -> {
            PluginDescriptor descriptor = new PluginDescriptor(e.getKey(), "loaded from the classpath by newsmon es-node",
                version, version, "17", e.getValue().getName(), null, List.of(), false, false, false, false);
            return new LoadedPlugin(descriptor, loadPlugin(e.getValue(), settings, configPath), loader);
        }).toList();
        // Report them as modules (like a real distribution does), so _nodes/plugins lists them under "modules"
        // and "plugins" stays empty: a client can see that e.g. analysis-nori is not installed.
        this.info = new PluginsAndModules(List.of(), plugins.stream().map(LoadedPlugin::descriptor).toList());
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return plugins;
    }

    @Override
    public PluginsAndModules info() {
        return info;
    }
}
