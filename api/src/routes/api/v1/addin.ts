import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** The manifest renderer shared with `node scripts/manifests.mjs` (one template, one set of rules). */
const RENDERER = join(fileURLToPath(new URL('../../../../../', import.meta.url)), 'scripts/manifests.mjs');

interface Renderer {
  manifestValues(env: Record<string, string | undefined>): Record<string, string>;
  renderOfficeManifest(values: Record<string, string>): string;
  teamsPackage(values: Record<string, string>): Buffer;
}

/**
 * Ready-to-sideload manifests for this server: the Outlook add-in manifest and the Teams app package,
 * both pointing at PUBLIC_URL (and, when Entra ID is configured, its client id for SSO).
 */
const addin: FastifyPluginAsyncTypebox = async (app) => {
  const renderer = (await import(pathToFileURL(RENDERER).href)) as Renderer;
  const values = () =>
    renderer.manifestValues({
      PUBLIC_URL: app.config.publicUrl,
      ENTRA_CLIENT_ID: app.config.identity?.entra?.clientId,
    });

  app.get(
    '/addin/manifest.xml',
    {
      config: { access: 'public' },
      schema: {
        tags: ['add-in'],
        operationId: 'getOutlookAddinManifest',
        summary: 'Outlook add-in manifest for this server (sideload it in Outlook)',
        produces: ['application/xml'],
        response: { 200: Type.String({ description: 'manifest.xml' }) },
      },
    },
    async (_request, reply) => {
      reply.type('application/xml; charset=utf-8');
      return renderer.renderOfficeManifest(values());
    },
  );

  app.get(
    '/addin/teams-app.zip',
    {
      config: { access: 'public' },
      schema: {
        tags: ['add-in'],
        operationId: 'getTeamsAppPackage',
        summary: 'Teams app package (personal tab) for this server: upload it in Teams',
        produces: ['application/zip'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
      },
    },
    async (_request, reply) => {
      reply.type('application/zip').header('content-disposition', 'attachment; filename="cmss-teams.zip"');
      return renderer.teamsPackage(values());
    },
  );
};

export default addin;
