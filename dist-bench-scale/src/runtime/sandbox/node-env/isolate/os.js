'use strict';
/** Node's `os` with harmless fixed values: nothing about the host machine. */
module.exports = {
    EOL: '\n', devNull: '/dev/null',
    arch: () => 'x64', platform: () => 'linux', type: () => 'Linux', release: () => '6.0.0', version: () => '#1 SMP', machine: () => 'x86_64',
    hostname: () => 'localhost', homedir: () => '/home/action', tmpdir: () => '/tmp', endianness: () => 'LE',
    cpus: () => [], availableParallelism: () => 1, loadavg: () => [0, 0, 0], uptime: () => 0, totalmem: () => 134217728, freemem: () => 67108864,
    networkInterfaces: () => ({}), userInfo: () => ({ uid: 1000, gid: 1000, username: 'action', homedir: '/home/action', shell: null }),
    getPriority: () => 0, setPriority: () => undefined,
    constants: { signals: {}, errno: {}, priority: {} },
};
//# sourceMappingURL=os.js.map