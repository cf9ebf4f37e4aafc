/**
 * The people of a tenant who are not break-glass: ordinary staff (synced from on-premises when
 * the tenant syncs), separate cloud-only admin accounts holding roles (mostly PIM-eligible, as
 * good practice has it), a guest, and their groups. Small tenants get a named cast; large ones
 * add a generated crowd.
 */
import type { ScenarioContext } from './context.js';
import type { GraphObject, GroupObject, MethodObject, UserObject } from './document.js';
import { activeRole, eligibleRole, group, user } from './directory.js';
import { authenticatorApp, mobilePhone, passwordMethod, windowsHello } from './methods.js';
import { roleIds } from './microsoft.js';

/** Non-break-glass users and what hangs off them. */
export interface Population {
  users: UserObject[];
  groups: GroupObject[];
  roleAssignments: GraphObject[];
  roleAssignmentSchedules: GraphObject[];
  roleEligibilitySchedules: GraphObject[];
  /** Authentication methods of the admins and a few users, by user id. */
  methods: Record<string, MethodObject[]>;
  /** Users who sign in day to day (sign-in logs draw from them). */
  signInUsers: UserObject[];
  /** The admin who makes directory changes (audit events name them). */
  operator: UserObject;
}

interface Person {
  readonly given: string;
  readonly surname: string;
  readonly jobTitle: string;
  readonly department: string;
}

const people: readonly Person[] = [
  { given: 'Megan', surname: 'Bowen', jobTitle: 'Marketing Manager', department: 'Marketing' },
  { given: 'Alex', surname: 'Wilber', jobTitle: 'Marketing Assistant', department: 'Marketing' },
  { given: 'Adele', surname: 'Vance', jobTitle: 'Retail Manager', department: 'Retail' },
  { given: 'Diego', surname: 'Siciliani', jobTitle: 'HR Manager', department: 'HR' },
  { given: 'Isaiah', surname: 'Langer', jobTitle: 'Sales Rep', department: 'Sales' },
  { given: 'Johanna', surname: 'Lorenz', jobTitle: 'Senior Engineer', department: 'Engineering' },
  { given: 'Lee', surname: 'Gu', jobTitle: 'IT Director', department: 'IT' },
  { given: 'Lidia', surname: 'Holloway', jobTitle: 'Product Manager', department: 'Engineering' },
  { given: 'Lynne', surname: 'Robbins', jobTitle: 'Planner', department: 'Retail' },
  { given: 'Miriam', surname: 'Graham', jobTitle: 'Security Lead', department: 'IT' },
  { given: 'Nestor', surname: 'Wilke', jobTitle: 'Director of Operations', department: 'Operations' },
  { given: 'Patti', surname: 'Fernandez', jobTitle: 'President', department: 'Executive' },
  { given: 'Pradeep', surname: 'Gupta', jobTitle: 'Accountant', department: 'Finance' },
  { given: 'Grady', surname: 'Archie', jobTitle: 'Designer', department: 'Engineering' },
  { given: 'Henrietta', surname: 'Mueller', jobTitle: 'Developer', department: 'Engineering' },
  { given: 'Joni', surname: 'Sherman', jobTitle: 'Paralegal', department: 'Legal' },
];

/** An admin account: whose, which role, held how. */
interface AdminSpec {
  readonly of: string;
  readonly role: string;
  readonly mode: 'active' | 'eligible';
  readonly endsInDays?: number;
}

const admins: readonly AdminSpec[] = [
  { of: 'Lee', role: roleIds.globalAdministrator, mode: 'eligible' },
  { of: 'Lee', role: roleIds.privilegedRoleAdministrator, mode: 'eligible' },
  { of: 'Miriam', role: roleIds.securityAdministrator, mode: 'active' },
  { of: 'Miriam', role: roleIds.globalAdministrator, mode: 'eligible', endsInDays: 180 },
  { of: 'Johanna', role: roleIds.conditionalAccessAdministrator, mode: 'active', endsInDays: 120 },
  { of: 'Adele', role: roleIds.helpdeskAdministrator, mode: 'active' },
  { of: 'Nestor', role: roleIds.userAdministrator, mode: 'eligible' },
];

const personKey = (p: Person) => `${p.given}.${p.surname}`.toLowerCase();
const adminKey = (given: string) => `adm-${given.toLowerCase()}`;

/** Key of the admin account of a named person (e.g. `adm-adele`), for scenarios that misuse one. */
export function adminAccountKey(given: string): string {
  return adminKey(given);
}

function emptyPopulation(operator: UserObject): Population {
  return {
    users: [],
    groups: [],
    roleAssignments: [],
    roleAssignmentSchedules: [],
    roleEligibilitySchedules: [],
    methods: {},
    signInUsers: [],
    operator,
  };
}

/** The named cast: 16 staff, 5 admin accounts, a guest, six groups. */
export function namedStaff(ctx: ScenarioContext, options: { synced: boolean }): Population {
  const staff = people.map((p, i) =>
    user(ctx, {
      key: personKey(p),
      displayName: `${p.given} ${p.surname}`,
      givenName: p.given,
      surname: p.surname,
      synced: options.synced,
      jobTitle: p.jobTitle,
      department: p.department,
      createdDaysAgo: 900 - i * 37,
    }),
  );
  const adminGivens = [...new Set(admins.map((a) => a.of))];
  const adminUsers = adminGivens.map((given, i) => {
    const p = people.find((x) => x.given === given);
    return user(ctx, {
      key: adminKey(given),
      displayName: `${given} ${p?.surname ?? ''} (admin)`.replace('  ', ' '),
      givenName: given,
      surname: p?.surname,
      jobTitle: p?.jobTitle,
      department: 'IT',
      createdDaysAgo: 700 - i * 50,
    });
  });
  const guest = user(ctx, {
    key: 'sam.taylor',
    upnLocal: 'sam.taylor',
    displayName: 'Sam Taylor (Litware)',
    guestFrom: 'litware.com',
    createdDaysAgo: 150,
  });
  const operator = adminUsers.find((u) => u.givenName === 'Lee') ?? adminUsers[0];
  if (!operator) throw new Error('no admin in the named cast');
  const pop = emptyPopulation(operator);
  pop.users.push(...staff, ...adminUsers, guest);
  pop.signInUsers.push(...staff, ...adminUsers);

  for (const a of admins) {
    const principal = ctx.ids.user(adminKey(a.of));
    const timing = { sinceDaysAgo: 400, endsInDays: a.endsInDays };
    if (a.mode === 'active') {
      const { assignment, schedule } = activeRole(ctx, a.role, principal, timing);
      pop.roleAssignments.push(assignment);
      pop.roleAssignmentSchedules.push(schedule);
    } else {
      pop.roleEligibilitySchedules.push(eligibleRole(ctx, a.role, principal, timing));
    }
  }
  adminUsers.forEach((u, i) => {
    const methods = [
      passwordMethod(ctx, 700),
      authenticatorApp(ctx, u.id, `${String(u.givenName)}'s iPhone`, 600),
      mobilePhone(`+49 151 5550${100 + i}`),
    ];
    if (i === 0) methods.push(windowsHello(ctx, u.id, 'LT-IT-0042', 300));
    pop.methods[u.id] = methods;
  });
  for (const u of staff.slice(0, 3))
    pop.methods[u.id] = [
      passwordMethod(ctx, 800),
      authenticatorApp(ctx, u.id, `${String(u.givenName)}'s phone`, 500),
    ];

  const ids = (list: UserObject[]) => list.map((u) => u.id);
  const inDept = (...d: string[]) => staff.filter((u) => d.includes(String(u.department)));
  pop.groups.push(
    group(ctx, {
      key: 'all-staff',
      displayName: 'All Staff',
      description: 'Every employee (dynamic)',
      dynamicRule: '(user.userType -eq "Member") and (user.accountEnabled -eq true)',
      members: ids(staff),
      createdDaysAgo: 880,
    }),
    group(ctx, {
      key: 'it-admins',
      displayName: 'IT-Admins',
      description: 'Administrative accounts of the IT team',
      members: ids(adminUsers),
      createdDaysAgo: 690,
    }),
    group(ctx, {
      key: 'finance',
      displayName: 'Finance',
      description: 'Finance team',
      microsoft365: true,
      members: ids(inDept('Finance', 'Executive')),
      createdDaysAgo: 800,
    }),
    group(ctx, {
      key: 'sales',
      displayName: 'Sales and Marketing',
      description: 'Sales and marketing',
      microsoft365: true,
      members: ids(inDept('Sales', 'Marketing', 'Retail')),
      createdDaysAgo: 800,
    }),
    group(ctx, {
      key: 'engineering',
      displayName: 'Engineering',
      description: 'Engineering',
      members: ids(inDept('Engineering')),
      createdDaysAgo: 780,
    }),
    group(ctx, {
      key: 'ca-pilot',
      displayName: 'CA-Pilot-Users',
      description: 'Pilot ring for new Conditional Access policies',
      members: ids(staff.slice(5, 9)),
      createdDaysAgo: 300,
    }),
  );
  return pop;
}

const givenNames = [
  'Ava',
  'Ben',
  'Chloe',
  'Daniel',
  'Emma',
  'Felix',
  'Grace',
  'Hugo',
  'Ivy',
  'Jonas',
  'Klara',
  'Liam',
  'Mia',
  'Noah',
  'Olivia',
  'Paul',
  'Quinn',
  'Rosa',
  'Samuel',
  'Tara',
  'Umar',
  'Vera',
  'Wim',
  'Xenia',
  'Yusuf',
  'Zoe',
];
const surnames = [
  'Adler',
  'Becker',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Horvat',
  'Ivanova',
  'Jansen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nowak',
  'Olsen',
  'Peters',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Varga',
  'Weber',
  'Young',
];
const departments = [
  'Sales',
  'Marketing',
  'Engineering',
  'Finance',
  'HR',
  'Operations',
  'Legal',
  'Support',
  'Retail',
  'Research',
];
const groupKinds = ['Team', 'Project', 'Site', 'App-Access', 'Distribution'];

/**
 * The named cast plus a generated crowd, to exactly `users` users and `groups` groups. Generated
 * groups hold 5–40 users each; about one in ten also nests one or two earlier groups.
 */
export function generatedStaff(ctx: ScenarioContext, counts: { users: number; groups: number }): Population {
  const pop = namedStaff(ctx, { synced: true });
  const bulkUsers = counts.users - pop.users.length;
  const bulkGroups = counts.groups - pop.groups.length;
  if (bulkUsers < 0 || bulkGroups < 0) throw new Error('population smaller than the named cast');
  const start = pop.users.length;
  for (let i = 0; i < bulkUsers; i++) {
    const given = givenNames[i % givenNames.length] ?? 'Ava';
    const surname = surnames[Math.floor(i / givenNames.length) % surnames.length] ?? 'Adler';
    pop.users.push(
      user(ctx, {
        key: `u${i}`,
        upnLocal: `${given}.${surname}${i}`.toLowerCase(),
        displayName: `${given} ${surname}`,
        givenName: given,
        surname,
        synced: ctx.random() < 0.9,
        department: departments[i % departments.length] ?? null,
        jobTitle: null,
        createdDaysAgo: 30 + ctx.int(2500),
      }),
    );
  }
  const generated = pop.users.slice(start);
  pop.signInUsers.push(...generated.slice(0, 200));
  const groupStart = pop.groups.length;
  for (let i = 0; i < bulkGroups; i++) {
    const size = 5 + ctx.int(36);
    const members = new Set<string>();
    while (members.size < size) members.add(ctx.pick(generated).id);
    if (i > 10 && ctx.random() < 0.1) {
      const nested = 1 + ctx.int(2);
      for (let n = 0; n < nested; n++) {
        const earlier = pop.groups[groupStart + ctx.int(i)];
        if (earlier) members.add(earlier.id);
      }
    }
    const dept = departments[i % departments.length] ?? 'Sales';
    pop.groups.push(
      group(ctx, {
        key: `g${i}`,
        displayName: `${dept}-${groupKinds[i % groupKinds.length] ?? 'Team'}-${String(i).padStart(4, '0')}`,
        microsoft365: i % 3 === 0,
        members: [...members],
        createdDaysAgo: 30 + ctx.int(1500),
      }),
    );
  }
  return pop;
}
