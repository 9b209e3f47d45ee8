namespace ChatDb.Silo;

/// <summary>
/// The silo's short switches, rewritten to the configuration keys they stand for before the arguments
/// reach the configuration builder: <c>--silo-port</c> → <c>Cluster:SiloPort</c>, <c>--gateway-port</c> →
/// <c>Cluster:GatewayPort</c>, <c>--gateway-address</c> → <c>Cluster:GatewayAddress</c>, <c>--cluster-id</c> →
/// <c>Cluster:ClusterId</c>, <c>--service-id</c> → <c>Cluster:ServiceId</c>, <c>--http</c> → <c>Silo:Http</c>, <c>--tls-cert</c>/<c>--tls-key</c>/<c>--tls-ca</c> →
/// <c>Cluster:Tls:Certificate</c>/<c>Key</c>/<c>Authority</c>, <c>--membership</c> → <c>Cluster:Membership</c>,
/// <c>--advertised-address</c> → <c>Cluster:AdvertisedAddress</c>, <c>--disable-module name</c> → <c>Modules:{name}:Enabled=false</c>. <c>--data</c> and <c>--durability</c> are mapped by <c>ChatDbConfiguration</c> itself.
/// Both <c>--switch value</c> and <c>--switch=value</c> are accepted.
/// </summary>
public static class SiloCommandLine
{
    public const string SiloPortKey = "Cluster:SiloPort";
    public const string GatewayPortKey = "Cluster:GatewayPort";
    public const string GatewayAddressKey = "Cluster:GatewayAddress";
    public const string ClusterIdKey = "Cluster:ClusterId";
    public const string ServiceIdKey = "Cluster:ServiceId";
    public const string HttpKey = "Silo:Http";
    public const string TlsCertificateKey = "Cluster:Tls:Certificate";
    public const string TlsKeyKey = "Cluster:Tls:Key";
    public const string TlsAuthorityKey = "Cluster:Tls:Authority";
    public const string MembershipKey = Cluster.ClusterSettings.MembershipKey;
    public const string AdvertisedAddressKey = Cluster.ClusterSettings.AdvertisedAddressKey;

    /// <summary><c>--disable-module rag</c> → <c>Modules:rag:Enabled=false</c>; may be given once per module (docs/MODULES.md).</summary>
    public const string DisableModuleSwitch = "--disable-module";

    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--silo-port"] = SiloPortKey,
        ["--gateway-port"] = GatewayPortKey,
        ["--cluster-id"] = ClusterIdKey,
        ["--service-id"] = ServiceIdKey,
        ["--gateway-address"] = GatewayAddressKey,
        ["--http"] = HttpKey,
        ["--tls-cert"] = TlsCertificateKey,
        ["--tls-key"] = TlsKeyKey,
        ["--tls-ca"] = TlsAuthorityKey,
        ["--membership"] = MembershipKey,
        ["--advertised-address"] = AdvertisedAddressKey,
    };

    /// <exception cref="ArgumentException">A switch is given without its value.</exception>
    public static string[] Translate(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var translated = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (name == DisableModuleSwitch)
            {
                var module = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
                // A plugin's name is accepted here and checked against the loaded plugins with the rest of the Modules section.
                if (module is null || !Plugins.ChatPluginLoader.IsModuleName(module))
                {
                    throw new ArgumentException($"{DisableModuleSwitch} needs a module name, one of {string.Join(", ", Grains.Modules.ChatModuleNames.All)} "
                        + $"or a plugin module's ({(module is null ? "none given" : $"'{module}' given")}).");
                }

                translated.Add($"--{Grains.Modules.ChatModuleNames.EnabledKey(module)}=false");
                continue;
            }

            if (!SwitchMappings.TryGetValue(name, out var key))
            {
                translated.Add(arg);
                continue;
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"{name} needs a value (sets {key}).");
            }

            translated.Add($"--{key}={value}");
        }

        return [.. translated];
    }
}
