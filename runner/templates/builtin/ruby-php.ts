/** Ruby (Bundler) and PHP (Composer, served by Apache on an unprivileged port). */
const rubyBuild = `# syntax=docker/dockerfile:1
FROM ruby:{{runtimeVersion}}-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential git libpq-dev libyaml-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV BUNDLE_PATH=/usr/local/bundle BUNDLE_WITHOUT=development:test
COPY Gemfile Gemfile.lock* .ruby-version* ./
RUN bundle install
COPY . .
`;

const rubyRuntime = `
FROM ruby:{{runtimeVersion}}-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libyaml-0-2 && rm -rf /var/lib/apt/lists/* && useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin app
WORKDIR /app
ENV BUNDLE_PATH=/usr/local/bundle BUNDLE_WITHOUT=development:test PORT={{port}}
COPY --from=build /usr/local/bundle /usr/local/bundle
COPY --from=build --chown=10001:10001 /app ./
USER 10001:10001
EXPOSE {{port}}
CMD {{startCommand}}
`;

const apache = (afterCopy: string) => `
FROM php:{{runtimeVersion}}-apache
RUN a2enmod rewrite && sed -ri 's/Listen 80$/Listen {{port}}/' /etc/apache2/ports.conf && sed -ri 's/:80>/:{{port}}>/; s#DocumentRoot /var/www/html#DocumentRoot /var/www/html/{{outputDirectory}}#' /etc/apache2/sites-available/000-default.conf && printf '<Directory /var/www/html>\\n  AllowOverride All\\n</Directory>\\n' > /etc/apache2/conf-enabled/enclave.conf
WORKDIR /var/www/html
COPY --from=vendor --chown=33:33 /app ./
${afterCopy}USER 33:33
EXPOSE {{port}}
CMD {{startCommand}}
`;

const composerCached = `# syntax=docker/dockerfile:1
FROM composer:2 AS vendor
WORKDIR /app
COPY composer.json composer.lock* ./
RUN composer install --no-dev --no-scripts --no-autoloader --prefer-dist --no-interaction --ignore-platform-reqs
COPY . .
RUN composer dump-autoload --optimize --no-dev --no-interaction
`;

export const rubyPhpTemplates: Record<string, string> = {
  "ruby-rails": `${rubyBuild}ENV RAILS_ENV=production
{{#buildCommand}}RUN SECRET_KEY_BASE_DUMMY=1 {{buildCommand}}
{{/buildCommand}}${rubyRuntime.replace("PORT={{port}}", "PORT={{port}} RAILS_ENV=production RAILS_LOG_TO_STDOUT=1")}`,
  "ruby-rack": `${rubyBuild}{{#buildCommand}}RUN {{buildCommand}}
{{/buildCommand}}${rubyRuntime}`,
  "php-laravel": `${composerCached}${apache("RUN php artisan package:discover --ansi\n")}`,
  "php-symfony": `${composerCached}${apache("ENV APP_ENV=prod\n")}`,
  php: `# syntax=docker/dockerfile:1
FROM composer:2 AS vendor
WORKDIR /app
COPY . .
RUN if [ -f composer.json ]; then composer install --no-dev --optimize-autoloader --prefer-dist --no-interaction --ignore-platform-reqs; fi
${apache("")}`,
};
