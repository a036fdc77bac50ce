import { beamStaticTemplates } from "./beam-static.ts";
import { compiledTemplates } from "./compiled.ts";
import { jvmTemplates } from "./jvm.ts";
import { nodeTemplates } from "./node.ts";
import { pythonTemplates } from "./python.ts";
import { rubyPhpTemplates } from "./ruby-php.ts";
import { shellTemplates } from "./shell.ts";

/**
 * The built-in Dockerfile templates by id: one per framework family. They are plain data in
 * the syntax of `renderTemplate`, so an operator template in `PlatformConfig.templates` can
 * replace any of them, or add one that an operator detection rule names.
 */
export const BUILTIN_TEMPLATES: Readonly<Record<string, string>> = {
  ...nodeTemplates,
  ...pythonTemplates,
  ...rubyPhpTemplates,
  ...jvmTemplates,
  ...compiledTemplates,
  ...beamStaticTemplates,
  ...shellTemplates,
};
