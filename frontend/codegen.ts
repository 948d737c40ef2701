// Types for every GraphQL document in src/, generated from the committed schema: a schema change
// that breaks a query fails `tsc`. The output (src/gql/) is generated, never committed.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", NaiveDate: "string", JSON: "unknown" },
      },
    },
    "src/gql/introspection.json": {
      plugins: ["introspection"],
      config: { minify: true, descriptions: false },
    },
  },
};

export default config;
