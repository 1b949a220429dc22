// How rules read in a table, the ports that should never be open to the whole Internet, and the
// templates, following mCloud's advice for Internet-facing servers (seed 001).

export const wellKnownPorts = new Map([
  [20, 'FTP data'], [21, 'FTP'], [22, 'SSH'], [23, 'Telnet'], [25, 'SMTP'], [53, 'DNS'], [80, 'HTTP'], [110, 'POP3'],
  [123, 'NTP'], [143, 'IMAP'], [161, 'SNMP'], [389, 'LDAP'], [443, 'HTTPS'], [445, 'SMB'], [465, 'SMTPS'], [587, 'SMTP submission'],
  [636, 'LDAPS'], [993, 'IMAPS'], [995, 'POP3S'], [1433, 'SQL Server'], [1521, 'Oracle'], [2049, 'NFS'], [2379, 'etcd'],
  [3306, 'MySQL'], [3389, 'RDP'], [5432, 'PostgreSQL'], [5672, 'AMQP'], [5900, 'VNC'], [5984, 'CouchDB'], [5985, 'WinRM'],
  [5986, 'WinRM over HTTPS'], [6379, 'Redis'], [6443, 'Kubernetes API'], [8080, 'HTTP alternate'], [8443, 'HTTPS alternate'],
  [9042, 'Cassandra'], [9200, 'Elasticsearch'], [11211, 'Memcached'], [27017, 'MongoDB'],
]);

/** Remote administration and databases: opening these to every address is how servers get taken over. */
export const adminPorts = [22, 23, 445, 1433, 1521, 2379, 3306, 3389, 5432, 5900, 5984, 5985, 5986, 6379, 6443, 9042, 9200, 11211, 27017];

const portProtocols = new Set(['tcp', 'udp', 'sctp', 'dccp', 'udplite', '6', '17', '132', '33', '136']);
const icmpProtocols = new Set(['icmp', 'ipv6-icmp', 'icmpv6', '1', '58']);

export const protocolLabel = protocol => (protocol ? protocol.toUpperCase() : 'Any');

export function portRangeText(rule) {
  const protocol = (rule.protocol || '').toLowerCase();
  if (icmpProtocols.has(protocol)) {
    if (rule.port_range_min == null) return 'Any';
    return rule.port_range_max == null ? `type ${rule.port_range_min}` : `type ${rule.port_range_min} code ${rule.port_range_max}`;
  }
  if (rule.port_range_min == null) return 'Any';
  if (rule.port_range_min === rule.port_range_max) {
    const name = wellKnownPorts.get(rule.port_range_min);
    return name ? `${rule.port_range_min} (${name})` : String(rule.port_range_min);
  }
  return `${rule.port_range_min}–${rule.port_range_max}`;
}

/** As mCloud shows it: a rule with no remote reads as the whole address space of its ether type. */
export function remotePrefixText(rule) {
  if (rule.remote_ip_prefix) return rule.remote_ip_prefix;
  if (rule.remote_ip_range) return rule.remote_ip_range;
  if (rule.remote_group_id) return '—';
  // A Neutron address group: its CIDRs, not the whole address space.
  if (rule.remote_address_group_id) return `address group ${rule.remote_address_group_id}`;
  return rule.ethertype === 'IPv6' ? '::/0' : '0.0.0.0/0';
}

const isEverywhere = prefix => {
  const text = (prefix || '').trim();
  return text === '' || /^0\.0\.0\.0\/0$/.test(text) || /^(::|0:0:0:0:0:0:0:0|::0)\/0$/i.test(text);
};

/**
 * The admin ports a draft rule would open to every address (0.0.0.0/0 or ::/0), or [] when it does
 * not: an ingress rule, for a protocol with ports (or any protocol), from no remote or a /0 prefix,
 * whose range covers one of the admin ports.
 */
export function exposedAdminPorts(draft) {
  if (draft.direction !== 'ingress' || draft.remote_group_id || draft.remote_ip_range) return [];
  if (!isEverywhere(draft.remote_ip_prefix)) return [];
  const protocol = (draft.protocol || '').toLowerCase();
  if (protocol && !portProtocols.has(protocol)) return [];
  const min = Number.isInteger(draft.port_range_min) ? draft.port_range_min : 1;
  const max = Number.isInteger(draft.port_range_max) ? draft.port_range_max : (Number.isInteger(draft.port_range_min) ? draft.port_range_min : 65535);
  return adminPorts.filter(port => port >= min && port <= max);
}

export function adminWarningText(ports, everywhere) {
  const names = ports.slice(0, 4).map(port => `${port} (${wellKnownPorts.get(port) ?? 'admin'})`).join(', ');
  const more = ports.length > 4 ? ` and ${ports.length - 4} more admin ports` : '';
  return `Warning: this opens ${names}${more} to ${everywhere}, the whole Internet. ` +
    'Allow remote administration and databases only from a whitelisted prefix (your office or VPN) or from a security group.';
}

export const everywhereText = draft => ((draft.ethertype === 'IPv6' || (draft.remote_ip_prefix || '').includes(':')) ? '::/0' : '0.0.0.0/0');

/**
 * Templates: rules a typical server needs, with the admin port open only to the prefix the user
 * types (mCloud's example web server ruleset).
 */
export const templates = [
  {
    id: 'web-ssh',
    label: 'Web server (Linux): HTTP and HTTPS from anywhere, SSH from a whitelisted prefix',
    adminPort: 22,
  },
  {
    id: 'web-rdp',
    label: 'Web server (Windows): HTTP and HTTPS from anywhere, RDP from a whitelisted prefix',
    adminPort: 3389,
  },
];

export function templateRules(template, whitelistedPrefix) {
  const prefix = whitelistedPrefix.trim();
  const ethertype = prefix.includes(':') ? 'IPv6' : 'IPv4';
  const web = (port, family) => ({
    direction: 'ingress', ethertype: family, protocol: 'tcp', port_range_min: port, port_range_max: port,
    description: `${wellKnownPorts.get(port)} from anywhere`,
  });
  return [
    web(80, 'IPv4'), web(443, 'IPv4'), web(80, 'IPv6'), web(443, 'IPv6'),
    {
      direction: 'ingress', ethertype, protocol: 'tcp', port_range_min: template.adminPort, port_range_max: template.adminPort,
      remote_ip_prefix: prefix, description: `${wellKnownPorts.get(template.adminPort)} from the whitelisted prefix`,
    },
  ];
}
