import { declaredTypes } from './type-definitions';

describe('declaredTypes', () => {
  it('leaves out root types and federation definitions, and marks entities', () => {
    const types = declaredTypes(/* GraphQL */ `
      type Query {
        a: Int
      }
      extend type Mutation {
        b: Int
      }
      scalar link__Import
      enum link__Purpose {
        SECURITY
        EXECUTION
      }
      scalar federation__FieldSet
      type _Service {
        sdl: String
      }
      type Person @key(fields: "id") {
        id: ID!
      }
      enum Sex {
        MALE
        FEMALE
      }
    `);
    expect([...types.keys()]).toEqual(['Person', 'Sex']);
    expect(types.get('Person')).toMatchObject({ kind: 'object', entity: true });
    expect(types.get('Sex')).toMatchObject({ kind: 'enum', entity: false });
  });

  it('gives the same shape to declarations that differ only in descriptions and order', () => {
    const a = declaredTypes(
      '"Sex."\nenum Sex {\n  "Male."\n  MALE\n  FEMALE\n}\n"""\nA date.\n"""\nscalar Date',
    );
    const b = declaredTypes('enum Sex { FEMALE "M." MALE }\n"A date."\nscalar Date');
    expect(a.get('Sex')!.shape).toBe(b.get('Sex')!.shape);
    expect(a.get('Date')!.shape).toBe(b.get('Date')!.shape);
  });

  it('gives different shapes to different declarations', () => {
    const a = declaredTypes('enum Sex { MALE FEMALE }\ntype P { a(x: Int): Int }');
    const b = declaredTypes('enum Sex { MALE FEMALE OTHER }\ntype P { a(x: String): Int }');
    expect(a.get('Sex')!.shape).not.toBe(b.get('Sex')!.shape);
    expect(a.get('P')!.shape).not.toBe(b.get('P')!.shape);
  });

  it('takes a definition and its extensions together', () => {
    const t = declaredTypes('type Person { id: ID! }\nextend type Person @key(fields: "id")').get('Person')!;
    expect(t.entity).toBe(true);
  });
});
