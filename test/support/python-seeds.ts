// Running the seeds' Python programs (test/fixtures/seeds) with Debian's Python, whose paho-mqtt,
// psutil and pandas come from apt (python3-paho-mqtt, python3-psutil, python3-pandas). A missing
// module fails the test with the package to install: these tests are never skipped.
import { spawn, spawnSync } from 'child_process';
import path from 'path';

/** Debian's interpreter; a pyenv `python3` on PATH does not have the apt packages. */
export const PYTHON = process.env.SEED_PYTHON || '/usr/bin/python3';
export const SEEDS_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds');

/** The Debian package of each Python module the tests import. */
const DEBIAN_PACKAGE: Record<string, string> = {
  'paho.mqtt.client': 'python3-paho-mqtt',
  psutil: 'python3-psutil',
  pandas: 'python3-pandas',
  matplotlib: 'python3-matplotlib',
};

export function hasPythonModule(module: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 30000 }).status === 0;
}

/** Throws, naming the Debian packages to install, unless PYTHON can import every module. */
export function requirePythonModules(...modules: string[]): void {
  const missing = modules.filter((m) => !hasPythonModule(m));
  if (missing.length === 0) return;
  const packages = missing.map((m) => DEBIAN_PACKAGE[m] ?? m).join(' ');
  throw new Error(
    `${PYTHON} cannot import ${missing.join(', ')}: install python3 and the Debian packages ${packages} ` +
      `(apt-get install -y python3 ${packages}; .ci/run does so when they are missing), or set SEED_PYTHON ` +
      'to a Python that has them',
  );
}

export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `args` (a script path, or -c and a program) with PYTHON; killed after `timeoutMs`. */
export function runPython(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, {
      cwd: options.cwd,
      env: { ...process.env, PYTHONUNBUFFERED: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a fixture of test/fixtures/seeds against the broker at host:port. */
export function runSeed(
  script: string,
  broker: { host: string; port: number },
  env: Record<string, string> = {},
  timeoutMs = 30000,
): Promise<PythonRun> {
  return runPython([path.join(SEEDS_DIR, script)], {
    env: { SEED_BROKER_HOST: broker.host, SEED_BROKER_PORT: String(broker.port), ...env },
    timeoutMs,
  });
}
